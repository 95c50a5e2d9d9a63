# Service catalog: list, search, passport, regulation steps, diagram.

services-title = Мемлекеттік қызметтер
search-label = Қызметті іздеу
search-placeholder = Мысалы: балабақша, телнұсқа, экстернат
search-submit = Іздеу
search-results = Табылған қызметтер: { $n }
search-nothing = Ештеңе табылмады. Басқа сөзбен іздеп көріңіз немесе төмендегі тізімнен таңдаңыз.
search-show-all = Барлық қызметтер
service-online = Онлайн өтініш
service-offline = Тек кеңседе немесе ХҚКО-да
breadcrumbs = Навигация жолы
service-code = Қызмет коды: { $code }
service-code-ours = мемлекеттік қызметтер тізілімінің коды емес, порталдың ішкі коды
service-apply-online = Онлайн өтініш беру
service-not-online = Бұл қызмет порталда онлайн көрсетілмейді.
service-passport = Қызмет паспорты
service-result = Нәтижесі
service-term = Көрсету мерзімі
service-cost = Құны
service-free = Тегін
service-paid = Ақылы
service-form = Көрсету нысаны
service-providers = Көрсетілетін қызметті беруші
service-channels = Өтінішті қайда беруге болады
service-documents = Қажетті құжаттар
service-documents-bring = Сіз ұсынатын құжаттар
service-documents-none = Қосымша құжат қажет емес.
service-documents-fetched = Мемлекеттік ақпараттық жүйелерден алынатын мәліметтер
service-documents-fetched-why = Бұл мәліметтерді сізден талап етпейміз: олар «Мемлекеттік көрсетілетін қызметтер туралы» Заңға сәйкес ақпараттық жүйелерден алынады.
service-refusal-grounds = Бас тарту негіздері
service-regulation = Қызмет көрсету регламенті
steps-caption = Рәсімдер тәртібі: { $channel }
steps-role = Кім орындайды
steps-action = Іс-қимыл
steps-result = Нәтижесі
steps-duration = Мерзімі
steps-clause = Тармақ
steps-may-refuse = бас тартуы мүмкін
steps-assumption = Бастапқы құжатта мерзім көрсетілмеген; қызмет файлындағы түсіндірмені қараңыз
steps-assumption-note = Жұлдызшамен (*) белгіленген мерзімдер регламентте берілмеген және болжам ретінде алынған.
diagram-title = Бизнес-процестің диаграммасы: { $channel }. Дәл осы қадамдар төмендегі кестеде сипатталған.
diagram-start = Қызмет көрсетудің басталуы
diagram-end = Қызмет көрсетудің аяқталуы
diagram-refusal = Таңдау: жалғастыру немесе бас тарту

role-applicant = Көрсетілетін қызметті алушы
role-operator = Мемлекеттік корпорация қызметкері
role-courier = Курьер
role-clerk = Кеңсе қызметкері
role-head = Басшы
role-executor = Жауапты орындаушы
role-system = Ақпараттық жүйе

channel-portal = «Электрондық үкіметтің» веб-порталы
channel-provider = Көрсетілетін қызметті берушінің кеңсесі
channel-state-corporation = «Азаматтарға арналған үкімет» мемлекеттік корпорациясы (ХҚКО)

provider-school = Мектептер
provider-college = Колледждер (техникалық және кәсіптік білім беру ұйымдары)
provider-preschool-organization = Мектепке дейінгі ұйымдар
provider-supplementary-education-organization = Балаларға қосымша білім беру ұйымдары
provider-district-education-department = Аудандық білім бөлімдері
provider-city-education-department = Қалалық білім басқармасы
provider-regional-education-department = Облыстық білім басқармасы

service-form-electronic = Электрондық
service-form-paper = Қағаз түрінде
service-form-electronic-or-paper = Электрондық немесе қағаз түрінде

duration-none = мерзімі белгіленбеген
duration-minutes = { $n } минут
duration-hours = { $n } сағат
duration-working-days = { $n } жұмыс күні
duration-calendar-days = { $n } күнтізбелік күн
