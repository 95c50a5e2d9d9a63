# The signed result document (PDF) and its verification.

result-republic = Республика Казахстан
result-title = Результат оказания государственной услуги
result-title-refusal = Мотивированный отказ в оказании государственной услуги
result-document-number = Номер документа
result-application = Заявление
result-service = Услуга
result-applicant = Услугополучатель
result-ground = Основание для отказа
result-date = Дата
result-signed = Подписал
result-signature-note = Документ подписан электронной цифровой подписью услугодателя. Подлинность проверяется по QR-коду или коду ниже.
result-code = Код проверки
application-signed-result = Подписанный результат
application-download-result = Скачать результат (PDF, { $number })
application-verify-result = проверить подлинность
verify-title = Проверка подлинности документа
verify-lead = Введите номер документа-результата и код проверки или отсканируйте QR-код на документе.
verify-submit = Проверить
verify-authentic = Документ подлинный: подпись действительна
verify-not-authentic = Подпись недействительна: документ изменён
verify-not-found = Документ с таким номером и кодом не найден.
verify-locked = Слишком много неверных кодов. Повторите попытку позже.
verify-kind = Вид документа
verify-organization = Услугодатель
