# Каталог услуг: список, поиск, паспорт, шаги регламента, диаграмма.

services-title = Государственные услуги
search-label = Поиск услуги
search-placeholder = Например: детский сад, дубликат, экстернат
search-submit = Найти
search-results = Найдено услуг: { $n }
search-nothing = Ничего не найдено. Попробуйте другое слово или выберите услугу из списка ниже.
search-show-all = Все услуги
service-online = Онлайн-заявление
service-offline = Только в учреждении или ЦОН
breadcrumbs = Навигационная цепочка
service-code = Код услуги: { $code }
service-code-ours = внутренний код портала, не код реестра государственных услуг
service-apply-online = Подать заявление онлайн
service-not-online = Эта услуга не оказывается на портале онлайн.
service-passport = Паспорт услуги
service-result = Результат
service-term = Срок оказания
service-cost = Стоимость
service-free = Бесплатно
service-paid = Платно
service-form = Форма оказания
service-providers = Услугодатель
service-channels = Куда подать заявление
service-documents = Необходимые документы
service-documents-bring = Документы, которые представляете вы
service-documents-none = Дополнительные документы не нужны.
service-documents-fetched = Сведения из государственных информационных систем
service-documents-fetched-why = Эти сведения у вас не запрашиваются: по Закону «О государственных услугах» они получаются из информационных систем.
service-refusal-grounds = Основания для отказа
service-regulation = Регламент оказания услуги
steps-caption = Порядок процедур: { $channel }
steps-role = Кто выполняет
steps-action = Действие
steps-result = Результат
steps-duration = Срок
steps-clause = Пункт
steps-may-refuse = возможен отказ
steps-assumption = Срок не указан в исходном документе; см. пояснение в файле услуги
steps-assumption-note = Сроки, отмеченные звёздочкой (*), в регламенте не указаны и приняты как допущение.
diagram-title = Диаграмма бизнес-процесса: { $channel }. Те же шаги описаны в таблице ниже.
diagram-start = Начало оказания услуги
diagram-end = Завершение оказания услуги
diagram-refusal = Выбор: продолжить или отказать

role-applicant = Услугополучатель
role-operator = Работник Государственной корпорации
role-courier = Курьер
role-clerk = Сотрудник канцелярии
role-head = Руководитель
role-executor = Ответственный исполнитель
role-system = Информационная система

channel-portal = Веб-портал «электронного правительства»
channel-provider = Канцелярия услугодателя
channel-state-corporation = Государственная корпорация «Правительство для граждан» (ЦОН)

provider-school = Школы
provider-college = Колледжи (организации технического и профессионального образования)
provider-preschool-organization = Дошкольные организации
provider-supplementary-education-organization = Организации дополнительного образования для детей
provider-district-education-department = Районные отделы образования
provider-city-education-department = Городское управление образования
provider-regional-education-department = Областное управление образования

service-form-electronic = Электронная
service-form-paper = Бумажная
service-form-electronic-or-paper = Электронная или бумажная

duration-none = срок не установлен
duration-minutes = { $n } { $n ->
        [one] минута
        [few] минуты
       *[many] минут
    }
duration-hours = { $n } { $n ->
        [one] час
        [few] часа
       *[many] часов
    }
duration-working-days = { $n } { $n ->
        [one] рабочий день
        [few] рабочих дня
       *[many] рабочих дней
    }
duration-calendar-days = { $n } { $n ->
        [one] календарный день
        [few] календарных дня
       *[many] календарных дней
    }
