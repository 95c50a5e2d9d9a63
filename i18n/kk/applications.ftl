# Applications: statuses, form checks, uploads, notifications.

status-draft = Жоба
status-submitted = Жіберілді
status-registered = Тіркелді
status-in-progress = Қаралуда
status-result-ready = Нәтиже дайын
status-issued = Берілді
status-refused = Бас тартылды
status-withdrawn = Кері қайтарып алынды

error-field-required = Осы өрісті толтырыңыз.
error-field-must-check = Жалғастыру үшін белгілеңіз.
error-field-too-short = Кемінде { $min } таңба енгізіңіз.
error-field-too-long = { $max } таңбадан аспауы керек.
error-field-pattern = Мән пішімге сәйкес келмейді; төмендегі түсіндірмені қараңыз.
error-field-number = Санды енгізіңіз.
error-field-min = Мән { $min } санынан кем болмауы керек.
error-field-max = Мән { $max } санынан аспауы керек.
error-field-date = Күнді КК.АА.ЖЖЖЖ түрінде таңдаңыз.
error-field-option = Тізімнен бір мәнді таңдаңыз.
error-organization-required = Көрсетілетін қызметті берушіні таңдаңыз.
error-organization-invalid = Таңдалған ұйым бұл қызметті көрсетпейді; тізімнен таңдаңыз.
error-file-required = Құжаттың файлын жүктеңіз.
error-file-empty = Файл бос; басқа файлды таңдаңыз.
error-file-too-large = Файл 10 МБ-тан үлкен. Көлемі кішірек файлды жүктеңіз.
error-file-type = Тек PDF, JPEG немесе PNG файлдары қабылданады.
error-files-total-too-large = Бір өтініштің барлық файлдары 30 МБ-тан аспауы керек. Кейбір файлдардың көлемін азайтыңыз.

notice-draft-saved = Жоба сақталды. Оған жеке кабинеттен кез келген уақытта орала аласыз.
notice-application-submitted = { $number } нөмірлі өтініш жіберілді. Нәтиженің күтілетін күні: { $date }.
notice-application-submitted-no-term = { $number } нөмірлі өтініш жіберілді. Регламентте бұл тәсілге мерзім белгіленбеген, сондықтан нәтиженің күні көрсетілмейді.
notice-application-withdrawn = { $number } нөмірлі өтініш кері қайтарып алынды.
notice-application-withdrawn-now = Өтініш кері қайтарып алынды.
error-cannot-withdraw = Бұл өтінішті енді кері қайтарып алуға болмайды: көрсетілетін қызметті беруші оны тіркеп қойған.
error-application-incomplete = Өтініш толық толтырылмаған. Белгіленген өрістерді толтырып, құжаттарды жүктеңіз.
error-consent-required = Өтінішті жіберу үшін дербес деректерді пайдалануға келісіміңізді белгілеңіз.
error-signature-password = Құпиясөз қате. Өтінішке қол қою үшін порталдағы құпиясөзіңізді енгізіңіз.

apply-title = Онлайн өтініш
apply-known = Мемлекеттік жүйелерде бар мәліметтер
apply-known-why = Бұл мәліметтерді қайта енгізудің қажеті жоқ: олар өтінішке автоматты түрде қосылады.
apply-provider = Көрсетілетін қызметті беруші
apply-region = Облыс немесе республикалық маңызы бар қала
apply-district = Аудан немесе қала
apply-all-regions = Барлық өңірлер
apply-all-districts = Барлық аудандар
apply-filter = Көрсету
apply-organization = Көрсетілетін қызметті беруші ұйым
apply-choose = — таңдаңыз —
apply-answers = Өтініш мәліметтері
apply-files-rule = Құжаттарды PDF, JPEG немесе PNG түрінде жүктеңіз: бір файл 10 МБ-тан, барлығы 30 МБ-тан аспауы керек.
apply-file-stored = Жүктелген файл: { $name }. Ауыстыру үшін жаңа файлды таңдаңыз.
apply-continue = Жалғастыру
apply-save-draft = Жобаны сақтау
answer-yes = Иә
answer-no = Жоқ

review-title = Өтінішті тексеріңіз
review-applicant = Өтініш беруші
review-documents = Жүктелген құжаттар
review-change = Өтінішті өзгерту
review-consent-title = Дербес деректерді пайдалануға келісім
review-consent-text = «Дербес деректер және оларды қорғау туралы» және «Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасының заңдарына сәйкес мен көрсетілетін қызметті берушіге және порталға осы мемлекеттік қызметті көрсету үшін ақпараттық жүйелердегі, заңмен қорғалатын құпияны қамтитын менің және баламның дербес деректерін жинауға, өңдеуге және пайдалануға келісім беремін.
review-consent-label = Келісемін
review-sign-title = Өтінішке қол қою
review-sign-password = Порталдағы құпиясөзіңіз
review-sign-hint = Құпиясөзді енгізу ЭЦҚ-мен қол қоюды алмастырады: өтінішке сіздің ЖСН-іңізбен қол қойылып, уақыты белгіленеді.
review-submit = Қол қойып, жіберу

receipt-title = Өтініштің қабылданғаны туралы қолхат
receipt-accepted = Өтінішіңіз қабылданды.
receipt-number = Өтініш нөмірі
receipt-service = Қызмет
receipt-applicant = Өтініш беруші
receipt-received = Қабылданған күні мен уақыты
receipt-expected = Нәтиженің күтілетін күні
receipt-signature = Қолтаңба
receipt-signed-by = Қол қойған: ЖСН { $iin }, { $at }
receipt-print = Басып шығару
receipt-follow = Өтінішті бақылау

cabinet-filter-status = Мәртебесі
cabinet-all-statuses = Барлық мәртебелер
cabinet-submitted = Жіберілген күні
cabinet-status = Мәртебесі
cabinet-overdue = Мерзімі өтті
cabinet-pages = Беттер
cabinet-page-previous = Алдыңғы бет
cabinet-page-next = Келесі бет

application-title = № { $number } өтініш
application-draft-note = Бұл — жоба: ол әлі жіберілмеген. Толтыруды аяқтап, қол қойып жіберіңіз.
application-continue-draft = Толтыруды жалғастыру
application-refusal = Дәлелді бас тарту
application-result = Қызмет көрсету нәтижесі
application-summary = Өтініш туралы
application-receipt = Қолхатты ашу
application-timeline = Қызмет көрсету кезеңдері
application-current-step = ағымдағы кезең
application-due = Мерзімі
application-done = Орындалды
application-on-time = мерзімінде
application-late = мерзімінен кешігіп
application-withdraw-title = Өтінішті кері қайтарып алу
application-withdraw-text = Көрсетілетін қызметті беруші өтінішті тіркегенге дейін оны кері қайтарып алуға болады.
application-withdraw = Өтінішті кері қайтарып алу

nav-notifications = Хабарламалар
nav-unread = { $count } оқылмаған хабарлама
notifications-title = Хабарламалар
notifications-none = Әзірге хабарлама жоқ.
notifications-mark-read = Барлығын оқылды деп белгілеу
notifications-new = Жаңа
notifications-open = Өтінішті ашу

email-subject = Білім беру қызметтері порталы: өтініш туралы хабарлама
email-footer = Өтініштің барлық кезеңдері порталдағы жеке кабинетте көрсетілген. Бұл хат автоматты түрде жіберілді, оған жауап бермеңіз.
