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
error-field-too-short = Введите не менее { $min } символов.
error-field-too-long = Не более { $max } символов.
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
