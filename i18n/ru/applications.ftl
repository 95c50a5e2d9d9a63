# Заявления: статусы, проверки формы, загрузки, уведомления.

status-draft = Черновик
status-submitted = Отправлено
status-registered = Зарегистрировано
status-in-progress = На рассмотрении
status-result-ready = Результат готов
status-issued = Выдано
status-refused = Отказано
status-withdrawn = Отозвано

error-field-required = Заполните это поле.
error-field-must-check = Отметьте, чтобы продолжить.
error-field-too-short = Количество символов должно быть не меньше { $min }.
error-field-too-long = Количество символов должно быть не больше { $max }.
error-field-pattern = Значение не соответствует формату; см. подсказку к полю.
error-field-number = Введите число.
error-field-min = Значение должно быть не меньше { $min }.
error-field-max = Значение должно быть не больше { $max }.
error-field-date = Выберите дату в формате ДД.ММ.ГГГГ.
error-field-option = Выберите одно значение из списка.
error-organization-required = Выберите услугодателя.
error-organization-invalid = Выбранная организация не оказывает эту услугу; выберите из списка.
error-file-required = Загрузите файл документа.
error-file-empty = Файл пустой; выберите другой файл.
error-file-too-large = Файл больше 10 МБ. Загрузите файл меньшего размера.
error-file-type = Принимаются только файлы PDF, JPEG или PNG.
error-files-total-too-large = Все файлы одного заявления вместе не должны превышать 30 МБ. Уменьшите размер некоторых файлов.

notice-draft-saved = Черновик сохранён. Вы можете вернуться к нему в любое время из личного кабинета.
notice-application-submitted = Заявление № { $number } отправлено. Ожидаемая дата результата: { $date }.
notice-application-submitted-no-term = Заявление № { $number } отправлено. Регламент не устанавливает срок для этого способа подачи, поэтому дата результата не указывается.
notice-application-withdrawn = Заявление № { $number } отозвано.
notice-application-withdrawn-now = Заявление отозвано.
error-cannot-withdraw = Это заявление уже нельзя отозвать: услугодатель его зарегистрировал.
error-application-incomplete = Заявление заполнено не полностью. Заполните отмеченные поля и загрузите документы.
error-consent-required = Чтобы отправить заявление, отметьте согласие на использование персональных данных.
error-signature-password = Неверный пароль. Чтобы подписать заявление, введите свой пароль от портала.

apply-title = Онлайн-заявление
apply-known = Сведения из государственных систем
apply-known-why = Эти сведения не нужно вводить заново: они подставляются в заявление автоматически.
apply-provider = Услугодатель
apply-region = Область или город республиканского значения
apply-district = Район или город
apply-all-regions = Все регионы
apply-all-districts = Все районы
apply-filter = Показать
apply-organization = Организация-услугодатель
apply-choose = — выберите —
apply-answers = Сведения заявления
apply-files-rule = Загружайте документы в формате PDF, JPEG или PNG: один файл — не больше 10 МБ, все вместе — не больше 30 МБ.
apply-file-stored = Загружен файл: { $name }. Чтобы заменить, выберите новый файл.
apply-continue = Продолжить
apply-save-draft = Сохранить черновик
answer-yes = Да
answer-no = Нет

review-title = Проверьте заявление
review-applicant = Заявитель
review-documents = Загруженные документы
review-change = Изменить заявление
review-consent-title = Согласие на использование персональных данных
review-consent-text = В соответствии с законами Республики Казахстан «О персональных данных и их защите» и «О государственных услугах» я даю согласие услугодателю и порталу на сбор, обработку и использование моих персональных данных и данных моего ребёнка, составляющих охраняемую законом тайну и содержащихся в информационных системах, для оказания этой государственной услуги.
review-consent-label = Согласен(на)
review-sign-title = Подписание заявления
review-sign-password = Ваш пароль от портала
review-sign-hint = Ввод пароля заменяет подписание ЭЦП: заявление подписывается вашим ИИН с указанием времени.
review-submit = Подписать и отправить

receipt-title = Расписка о приёме заявления
receipt-accepted = Ваше заявление принято.
receipt-number = Номер заявления
receipt-service = Услуга
receipt-applicant = Заявитель
receipt-received = Дата и время приёма
receipt-expected = Ожидаемая дата результата
receipt-signature = Подпись
receipt-signed-by = Подписано: ИИН { $iin }, { $at }
receipt-print = Распечатать
receipt-follow = Следить за заявлением

cabinet-filter-status = Статус
cabinet-all-statuses = Все статусы
cabinet-submitted = Дата подачи
cabinet-status = Статус
cabinet-overdue = Срок нарушен
cabinet-pages = Страницы
cabinet-page-previous = Предыдущая страница
cabinet-page-next = Следующая страница

application-title = Заявление № { $number }
application-draft-note = Это черновик: он ещё не отправлен. Заполните заявление до конца, подпишите и отправьте.
application-continue-draft = Продолжить заполнение
application-refusal = Мотивированный отказ
application-result = Результат оказания услуги
application-summary = О заявлении
application-receipt = Открыть расписку
application-timeline = Этапы оказания услуги
application-current-step = текущий этап
application-due = Срок
application-done = Выполнено
application-on-time = в срок
application-late = с нарушением срока
application-withdraw-title = Отзыв заявления
application-withdraw-text = Заявление можно отозвать, пока услугодатель его не зарегистрировал.
application-withdraw = Отозвать заявление

nav-notifications = Уведомления
nav-unread = Непрочитанных уведомлений: { $count }
notifications-title = Уведомления
notifications-none = Уведомлений пока нет.
notifications-mark-read = Отметить все как прочитанные
notifications-new = Новое
notifications-open = Открыть заявление

email-subject = Портал услуг в сфере образования: уведомление о заявлении
email-footer = Все этапы рассмотрения заявления видны в личном кабинете на портале. Это письмо отправлено автоматически, не отвечайте на него.
