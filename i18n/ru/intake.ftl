# Counter intake at the provider: the clerk takes a paper application, or refuses to accept an
# incomplete package with a receipt.

intake-title = Приём заявления
intake-lead = Заявление, поданное лично в канцелярию. Найдите услугополучателя по ИИН, выберите услугу и отметьте представленные документы.
intake-find-submit = Найти
intake-iin-hint = ИИН услугополучателя — 12 цифр, сверьте с удостоверением личности.
intake-start-over = Начать заново с другим ИИН

intake-person-title = Новый услугополучатель
intake-person-lead = Человека с этим ИИН ещё нет на портале. Запишите его данные с удостоверения личности: будет создана запись без учётной записи на портале. Если он позже зарегистрируется с этим ИИН, заявления появятся в его личном кабинете.
intake-person-from-iin = По ИИН
intake-person-submit = Сохранить и продолжить
intake-phone-hint = Для SMS о ходе заявления. В формате +7, например: +7 701 234 56 78

intake-person = Услугополучатель
intake-phone = Телефон
intake-account = Учётная запись на портале
intake-account-yes = есть: заявление появится в его личном кабинете
intake-account-no = нет: заявление будет в его кабинете, когда он зарегистрируется с этим ИИН

intake-service-title = Выбор услуги
intake-service-legend = Услуга, за которой обратились
intake-service-hint = Услуги, которые ваша организация оказывает при обращении в канцелярию.
intake-service-none = Ваша организация не оказывает услуг, заявления на которые принимаются в канцелярии.
intake-service-submit = Продолжить
intake-error-service-required = Выберите услугу.

intake-documents-title = Документы
intake-documents-legend = Представленные документы
intake-documents-hint = Отметьте каждый документ, который услугополучатель представил. Скан можно приложить, но это не обязательно. Документы, которые услугодатель получает из информационных систем, не запрашиваются.
intake-documents-incomplete-rule = Если не отмечен обязательный документ, заявление не регистрируется: формируется расписка об отказе в приёме документов.
intake-documents-submit = Принять и зарегистрировать
intake-doc-kept = Сдаётся и остаётся в деле.
intake-doc-shown = Предъявляется и возвращается.
intake-doc-condition = Нужен, только { $condition }.
intake-doc-validity = Срок действия: { $validity }.
intake-doc-if-applies = { $document } (если требуется)
intake-scan-label = Скан: { $document }
intake-error-scan-not-presented = Скан приложен к документу, который не отмечен как представленный. Отметьте документ или уберите скан.

intake-refusal-title = Расписка об отказе в приёме документов
intake-refusal-lead = Пакет документов неполный, поэтому заявление не принято и не зарегистрировано.
intake-refusal-organization = Услугодатель
intake-refusal-clerk = Документы проверил
intake-refusal-at = Дата и время
intake-refusal-presented = Представлены
intake-refusal-presented-none = ни одного документа из перечня
intake-refusal-missing = Не представлены
intake-refusal-ground = Основание
intake-refusal-receipt = Форма расписки
intake-refusal-no-receipt = регламентом не установлена
intake-refusal-source = Источник
intake-refusal-no-ground = Регламент услуги не называет отказ в приёме документов в канцелярии услугодателя и не устанавливает форму расписки. Документы не приняты, потому что пакет неполный.
intake-refusal-again = Когда услугополучатель принесёт недостающие документы, примите заявление заново.
intake-refusal-clerk-signature = Подпись работника канцелярии
intake-refusal-applicant-signature = Расписку получил (подпись услугополучателя)
intake-refusal-new = Принять другое заявление

intake-notice-registered = Заявление принято и зарегистрировано.
intake-notice-taken = Заявление № { $number } принято в канцелярии услугодателя. Ожидаемая дата результата: { $date }.
intake-notice-taken-no-term = Заявление № { $number } принято в канцелярии услугодателя. Регламент не устанавливает срок для этого способа подачи, поэтому дата результата не указывается.
