# Portal-wide texts: layout, home page, cabinet. Kazakh is the portal's first language.

portal-name = Білім беру қызметтері порталы
portal-tagline = Қазақстан Республикасының білім беру саласындағы мемлекеттік қызметтер
skip-to-content = Негізгі мазмұнға өту
nav-label = Тіл және жеке кабинет
lang-switch-label = Сайт тілі
lang-name-kk = Қазақша
lang-name-ru = Русский
nav-cabinet = Жеке кабинет
nav-sign-in = Кіру
nav-sign-out = Шығу
nav-register = Тіркелу
footer-about = Білім беру қызметтері порталы — мектептер, колледждер мен білім басқармаларының мемлекеттік қызметтерін бір жерден алуға арналған.
footer-law = Қызметтер «Мемлекеттік көрсетілетін қызметтер туралы» 2013 жылғы 15 сәуірдегі № 88-V Қазақстан Республикасының Заңына сәйкес көрсетіледі.

home-title = Басты бет
home-heading = Білім беру саласындағы мемлекеттік қызметтер
home-lead = Балабақшаға, мектепке, колледжге құжат тапсырыңыз, өтінішіңіздің әр кезеңін бақылаңыз және нәтижесін электрондық түрде алыңыз.
home-go-to-cabinet = Жеке кабинетке өту
home-categories = Қызмет санаттары
home-popular = Онлайн алуға болатын қызметтер
category-preschool = Мектепке дейінгі білім беру
category-preschool-about = Балабақшаға кезекке қою және қабылдау.
category-school = Мектеп
category-school-about = Мектепке қабылдау, экстернат, үйде оқыту, білім туралы құжаттың телнұсқасы.
category-tvet = Техникалық және кәсіптік білім
category-tvet-about = Колледжге құжат қабылдау, анықтамалар мен құжаттардың телнұсқалары.
category-supplementary = Қосымша білім беру
category-supplementary-about = Балаларға арналған үйірмелер мен секцияларға қабылдау.
category-teachers = Педагогтерге
category-teachers-about = Бос лауазымға конкурс және біліктілік санатына аттестаттау.
home-how = Қалай жұмыс істейді
home-step-apply = Өтініш беріңіз.
home-step-apply-text = Қызметті таңдап, онлайн өтініш толтырыңыз — мемлекеттік жүйелерде бар мәліметтерді сізден сұрамаймыз.
home-step-follow = Бақылаңыз.
home-step-follow-text = Жеке кабинетте өтініштің әр кезеңі мен заңда белгіленген мерзімі көрсетіледі.
home-step-result = Нәтижесін алыңыз.
home-step-result-text = Электрондық цифрлық қолтаңбамен қол қойылған нәтижені жүктеп алыңыз немесе дәлелді бас тарту себебімен танысыңыз.

cabinet-title = Жеке кабинет
cabinet-greeting = Қош келдіңіз, { $name }!
cabinet-profile = Менің деректерім
cabinet-full-name = Тегі, аты, әкесінің аты
cabinet-birth-date = Туған күні
cabinet-sex = Жынысы
sex-male = Ер
sex-female = Әйел
cabinet-applications = Менің өтініштерім
cabinet-no-applications = Сізде әзірге өтініш жоқ. Қызмет алуға берілген өтініштеріңіз осы жерде көрсетіледі.

form-error-summary = Қателерді түзетіңіз
form-error-prefix = Қате:
form-title-error-prefix = Қате:
form-optional = міндетті емес
size-bytes = { $n } байт
size-kilobytes = { $n } КБ
size-megabytes = { $n } МБ
