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
service-documents-none = Дополнительные документы не нужны.
service-refusal-grounds = Основания для отказа
service-term-max-waiting = Максимально допустимое время ожидания: { $duration }
service-term-max-service = Максимально допустимое время обслуживания: { $duration }
service-term-none = Для этих способов подачи регламент срок не устанавливает, поэтому дата результата не указывается: { $channels }.
service-working-hours = Рабочее время и правило для заявлений, поступивших после окончания рабочего времени, в регламенте не указаны; они берутся из настроек портала: рабочие дни { $start }–{ $end }, перерыв { $break_start }–{ $break_end }; заявление, поступившее после окончания рабочего времени, в выходной или праздничный день, считается с начала следующего рабочего дня.
counting-from-moment = исчисляется с момента поступления заявления
counting-acceptance-day-not-counted = день приёма документов в срок не входит
source-label = Источник
source-taken-from = В регламенте нет; взято из: { $source }
source-assumed = В регламенте нет; допущение: { $why }
service-only-channels = Только: { $channels }
document-kind-brought-kept = Документы, которые сдаются
document-kind-brought-kept-hint = Эти документы вы сдаёте (на портале — загружаете), они остаются в деле.
document-kind-shown-returned = Документы, предъявляемые для идентификации личности
document-kind-shown-returned-hint = Эти документы вы только предъявляете: сотрудник устанавливает личность и возвращает их вам.
document-kind-fetched = Сведения из государственных информационных систем
document-kind-fetched-hint = Эти сведения у вас не запрашиваются: по Закону «О государственных услугах» они получаются из информационных систем.
service-document-condition = Когда нужен: { $condition }
service-document-required-when = Когда обязателен: { $condition } (проверяется по вашему ответу в форме заявления)
service-document-fetched-by = Кто получает: { $role }
service-document-validity = Срок действия
service-refusals = Отказ в приёме документов и в оказании услуги
service-refusals-to-accept = Отказ в приёме документов
service-refusals-to-accept-hint = Это не отказ в оказании услуги: неполный пакет документов не принимают, его можно дополнить и сдать снова.
service-refusal-receipt = Выдаваемая расписка
service-refusal-grounds-none = Регламент не называет оснований для отказа в оказании услуги.
service-regulation-repealed-title = Этот регламент утратил силу.
service-regulation-repealed = Регламент утратил силу (дата: { $date }; отменивший акт: { $act }). Сведения об услуге показаны как историческая справка.
steps-outside-seed = Шага или его срока нет в регламенте; см. столбец «Источник»
steps-outside-seed-note = Шаги и сроки, отмеченные звёздочкой (*), в регламенте не указаны: они взяты из другого документа или приняты как допущение, что указано в столбце «Источник».
service-regulation = Регламент оказания услуги
steps-caption = Порядок процедур: { $channel }
steps-role = Кто выполняет
steps-action = Действие
steps-result = Результат
steps-duration = Срок
steps-clause = Источник
steps-may-refuse = возможен отказ
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
