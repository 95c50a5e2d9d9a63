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
