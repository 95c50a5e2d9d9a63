# Applications: statuses, form checks, uploads, notifications.

status-draft = Жоба
status-submitted = Жіберілді
status-registered = Тіркелді
status-in-progress = Қаралуда
status-result-ready = Нәтиже дайын
status-issued = Берілді
status-refused = Бас тартылды
status-withdrawn = Кері қайтарылды

error-field-required = Осы өрісті толтырыңыз.
error-field-must-check = Жалғастыру үшін белгілеңіз.
error-field-too-short = Кемінде { $min } таңба енгізіңіз.
error-field-too-long = { $max } таңбадан аспауы керек.
error-field-pattern = Мән пішімге сәйкес келмейді; төмендегі түсіндірмені қараңыз.
error-field-number = Санды енгізіңіз.
error-field-min = Мән { $min }-ден кем болмауы керек.
error-field-max = Мән { $max }-ден аспауы керек.
error-field-date = Күнді КК.АА.ЖЖЖЖ түрінде таңдаңыз.
error-field-option = Тізімнен бір мәнді таңдаңыз.
error-organization-required = Қызметті берушіні таңдаңыз.
error-organization-invalid = Таңдалған ұйым бұл қызметті көрсетпейді; тізімнен таңдаңыз.
error-file-required = Құжаттың файлын жүктеңіз.
error-file-empty = Файл бос; басқа файлды таңдаңыз.
error-file-too-large = Файл 10 МБ-тан үлкен. Көлемі кішірек файлды жүктеңіз.
error-file-type = Тек PDF, JPEG немесе PNG файлдары қабылданады.
error-files-total-too-large = Бір өтініштің барлық файлдары 30 МБ-тан аспауы керек. Кейбір файлдардың көлемін азайтыңыз.

notice-draft-saved = Жоба сақталды. Оған жеке кабинеттен кез келген уақытта орала аласыз.
notice-application-submitted = { $number } нөмірлі өтініш жіберілді. Нәтиженің күтілетін күні: { $date }.
