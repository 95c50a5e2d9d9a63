# Counter intake at the provider: the clerk takes a paper application, or refuses to accept an
# incomplete package with a receipt.

intake-title = Өтінішті қабылдау
intake-lead = Кеңсеге жеке өзі келіп берген өтініш. Көрсетілетін қызметті алушыны ЖСН бойынша табыңыз, қызметті таңдаңыз және ұсынылған құжаттарды белгілеңіз.
intake-find-submit = Іздеу
intake-iin-hint = Көрсетілетін қызметті алушының ЖСН-і — 12 цифр, жеке куәлігімен салыстырыңыз.
intake-start-over = Басқа ЖСН-мен басынан бастау

intake-person-title = Жаңа көрсетілетін қызметті алушы
intake-person-lead = Бұл ЖСН-і бар адам порталда әлі жоқ. Оның деректерін жеке куәлігінен жазыңыз: порталда есептік жазбасы жоқ жазба жасалады. Ол кейін осы ЖСН-мен тіркелсе, өтініштері жеке кабинетінде көрінеді.
intake-person-from-iin = ЖСН бойынша
intake-person-submit = Сақтау және жалғастыру
intake-phone-hint = Өтініштің барысы туралы SMS үшін. +7 форматында, мысалы: +7 701 234 56 78

intake-person = Көрсетілетін қызметті алушы
intake-phone = Телефон
intake-account = Порталдағы есептік жазба
intake-account-yes = бар: өтініш оның жеке кабинетінде көрінеді
intake-account-no = жоқ: ол осы ЖСН-мен тіркелгенде, өтініш оның кабинетінде болады

intake-service-title = Қызметті таңдау
intake-service-legend = Өтініш берілген қызмет
intake-service-hint = Ұйымыңыз кеңсеге жүгінген кезде көрсететін қызметтер.
intake-service-none = Ұйымыңыз кеңседе өтініш қабылданатын қызметтерді көрсетпейді.
intake-service-submit = Жалғастыру
intake-error-service-required = Қызметті таңдаңыз.

intake-documents-title = Құжаттар
intake-documents-legend = Ұсынылған құжаттар
intake-documents-hint = Көрсетілетін қызметті алушы ұсынған әрбір құжатты белгілеңіз. Сканерленген көшірмесін тіркеуге болады, бірақ міндетті емес. Көрсетілетін қызметті беруші ақпараттық жүйелерден алатын құжаттар сұралмайды.
intake-documents-incomplete-rule = Міндетті құжат белгіленбесе, өтініш тіркелмейді: құжаттарды қабылдаудан бас тарту туралы қолхат жасалады.
intake-documents-submit = Қабылдау және тіркеу
intake-doc-kept = Тапсырылады және істе қалады.
intake-doc-shown = Көрсетіледі және қайтарылады.
intake-doc-condition = Тек { $condition } қажет.
intake-doc-validity = Жарамдылық мерзімі: { $validity }.
intake-doc-if-applies = { $document } (қажет болса)
intake-scan-label = Скан: { $document }
intake-error-scan-not-presented = Скан ұсынылған деп белгіленбеген құжатқа тіркелген. Құжатты белгілеңіз немесе сканды алып тастаңыз.

intake-refusal-title = Құжаттарды қабылдаудан бас тарту туралы қолхат
intake-refusal-lead = Құжаттар топтамасы толық емес, сондықтан өтініш қабылданбады және тіркелмеді.
intake-refusal-organization = Көрсетілетін қызметті беруші
intake-refusal-clerk = Құжаттарды тексерген
intake-refusal-at = Күні мен уақыты
intake-refusal-presented = Ұсынылғаны
intake-refusal-presented-none = тізбедегі бірде-бір құжат ұсынылмады
intake-refusal-missing = Ұсынылмағаны
intake-refusal-ground = Негіздеме
intake-refusal-receipt = Қолхаттың нысаны
intake-refusal-no-receipt = регламентте белгіленбеген
intake-refusal-source = Дереккөз
intake-refusal-no-ground = Қызмет регламенті көрсетілетін қызметті берушінің кеңсесінде құжаттарды қабылдаудан бас тартуды атамайды және қолхаттың нысанын белгілемейді. Құжаттар топтамасы толық болмағандықтан қабылданбады.
intake-refusal-again = Көрсетілетін қызметті алушы жетіспейтін құжаттарды әкелгенде, өтінішті қайта қабылдаңыз.
intake-refusal-clerk-signature = Кеңсе қызметкерінің қолы
intake-refusal-applicant-signature = Қолхатты алдым (көрсетілетін қызметті алушының қолы)
intake-refusal-new = Басқа өтінішті қабылдау

intake-notice-registered = Өтініш қабылданды және тіркелді.
intake-notice-taken = { $number } нөмірлі өтініш көрсетілетін қызметті берушінің кеңсесінде қабылданды. Нәтиженің күтілетін күні: { $date }.
intake-notice-taken-no-term = { $number } нөмірлі өтініш көрсетілетін қызметті берушінің кеңсесінде қабылданды. Регламентте бұл тәсілге мерзім белгіленбеген, сондықтан нәтиженің күні көрсетілмейді.
