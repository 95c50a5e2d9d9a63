# The signed result document (PDF) and its verification.

result-republic = Қазақстан Республикасы
result-title = Мемлекеттік көрсетілетін қызметтің нәтижесі
result-title-refusal = Мемлекеттік қызмет көрсетуден дәлелді бас тарту
result-document-number = Құжат нөмірі
result-application = Өтініш
result-service = Қызмет
result-applicant = Көрсетілетін қызметті алушы
result-ground = Бас тарту негізі
result-date = Күні
result-signed = Қол қойған
result-signature-note = Құжатқа көрсетілетін қызметті берушінің электрондық цифрлық қолтаңбасымен қол қойылған. Түпнұсқалығын QR-код немесе төмендегі код арқылы тексеріңіз.
result-code = Тексеру коды
application-signed-result = Қол қойылған нәтиже
application-download-result = Нәтижені жүктеп алу (PDF, { $number })
application-verify-result = түпнұсқалығын тексеру
verify-title = Құжаттың түпнұсқалығын тексеру
verify-lead = Нәтиженің құжат нөмірі мен тексеру кодын енгізіңіз немесе құжаттағы QR-кодты сканерлеңіз.
verify-submit = Тексеру
verify-authentic = Құжат түпнұсқа: қолтаңба жарамды
verify-not-authentic = Қолтаңба жарамсыз: құжат өзгертілген
verify-not-found = Мұндай нөмір мен кодқа сәйкес құжат табылмады.
verify-locked = Қате кодтар тым көп енгізілді. Біраз уақыттан кейін қайталап көріңіз.
verify-kind = Құжат түрі
verify-organization = Көрсетілетін қызметті беруші
