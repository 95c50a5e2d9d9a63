# The providers' admin area: staff sign-in, the queue, an application's work, intake.

admin-nav-queue = Мои задачи
admin-nav-intake = Приём заявления
admin-nav-monitoring = Мониторинг
admin-nav-calendar = Рабочий календарь
admin-nav-audit = Журнал аудита
admin-login-title = Вход для сотрудников
admin-login-lead = Для сотрудников услугодателей, Государственной корпорации и администраторов портала.
admin-login-citizen = Вход для граждан
admin-field-login = Логин
admin-error-login-required = Введите логин.
admin-error-sign-in-failed = Неверный логин или пароль.
error-forbidden-text = Это действие не относится к вашей роли или организации. Ничего не изменено.
admin-queue-title = Мои задачи
admin-queue-total = { $n ->
    [one] В очереди { $n } заявление
    [few] В очереди { $n } заявления
   *[other] В очереди { $n } заявлений
}
admin-queue-empty = Сейчас в вашей очереди нет заявлений.
admin-filter-service = Услуга
admin-filter-channel = Способ подачи
admin-filter-all = Все
admin-applicant = Услугополучатель
admin-step-due = Срок шага
admin-legal-deadline = Срок по закону
admin-unassigned = исполнитель не назначен
admin-journal-number = Номер в журнале регистрации
admin-resolution = Резолюция
admin-decision-text = Текст результата или отказа
admin-decision-result = результат подготовлен
admin-decision-refusal = подготовлен мотивированный отказ
admin-full-name = Фамилия, имя, отчество
admin-actions-title = Ваше действие
admin-no-steps = Шаги ещё не запланированы.
admin-field-executor = Ответственный исполнитель
admin-open-tasks = открытых задач: { $n }
admin-nearest-due = ближайший срок: { $date }
admin-field-result = Результат услуги
admin-field-ground = Основание для отказа
admin-field-motivation = Мотивировка отказа
admin-field-signature = Пароль для подписи
admin-signature-hint = Повторный ввод пароля — подпись, заменяющая электронную цифровую подпись.
admin-field-comment = Комментарий
admin-action-register = Зарегистрировать
admin-action-take = Взять в работу
admin-action-assign = Назначить исполнителя
admin-action-prepare-result = Подготовить результат
admin-action-refuse = Подготовить мотивированный отказ
admin-action-sign = Подписать
admin-action-issue = Выдать результат
admin-action-complete = Передать на следующий шаг
admin-outcome-register = зарегистрировано
admin-outcome-take = взято в работу
admin-outcome-assign = назначен исполнитель
admin-outcome-prepare-result = подготовлен результат
admin-outcome-refuse = подготовлен мотивированный отказ
admin-outcome-sign = подписано
admin-outcome-issue = результат выдан
admin-outcome-complete = выполнено
admin-notice-done = Действие выполнено.
admin-error-stale = С заявлением в это время работал другой сотрудник, поэтому ваше действие не выполнено. Ниже показано его текущее состояние.
admin-error-signature = Неверный пароль, документ не подписан.
admin-error-executor = Выберите исполнителя вашей организации, который сейчас работает.
admin-error-resolution = Напишите текст резолюции.
admin-error-ground = Выберите основание для отказа из перечня услуги: отказ без основания невозможен.
admin-error-result = Напишите текст результата или мотивировку отказа.
