# Регистрация и вход граждан.

register-title = Регистрация на портале
register-intro = Для регистрации укажите ИИН, имя и контактные данные. Дата рождения и пол определяются по ИИН.
register-submit = Зарегистрироваться
register-have-account = Уже есть учётная запись?
login-title = Вход на портал
login-submit = Войти
login-no-account = Нет учётной записи?

field-iin = ИИН
field-iin-hint = Индивидуальный идентификационный номер — 12 цифр, указан в удостоверении личности.
field-last-name = Фамилия
field-first-name = Имя
field-middle-name = Отчество
field-phone = Номер мобильного телефона
field-phone-hint = В формате +7, например: +7 701 234 56 78
field-email = Электронная почта
field-password = Пароль
field-password-hint = Не менее 8 символов. Не используйте ИИН в качестве пароля.
field-password-confirm = Повторите пароль

notice-registered = Регистрация завершена. Вы вошли в личный кабинет.
notice-signed-out = Вы вышли с портала.
notice-session-expired = Сеанс завершён из соображений безопасности, так как долго не было действий. Войдите снова.
notice-session-ended-elsewhere = Сеанс завершён, так как пароль был изменён. Войдите снова с новым паролем.

nav-profile = Профиль
profile-title = Мой профиль
profile-known-note = Эти сведения определяются по ИИН и не изменяются. Если в них ошибка, обратитесь в Государственную корпорацию (ЦОН).
profile-contacts = Контактные данные
profile-save = Сохранить
profile-password = Смена пароля
profile-change-password = Сменить пароль
field-current-password = Текущий пароль
field-new-password = Новый пароль
error-current-password = Текущий пароль введён неверно.
notice-profile-saved = Контактные данные сохранены.
notice-password-changed = Пароль изменён.
