# The providers' admin area: staff sign-in, the queue, an application's work, intake.

admin-nav-queue = Менің тапсырмаларым
admin-nav-intake = Өтінішті қабылдау
admin-nav-monitoring = Мониторинг
admin-nav-calendar = Жұмыс күнтізбесі
admin-nav-audit = Аудит журналы
admin-login-title = Қызметкерлердің кіруі
admin-login-lead = Көрсетілетін қызметті берушілердің, Мемлекеттік корпорацияның қызметкерлері мен портал әкімшілеріне арналған.
admin-login-citizen = Азаматтарға арналған кіру
admin-field-login = Логин
admin-error-login-required = Логинді енгізіңіз.
admin-error-sign-in-failed = Логин немесе құпиясөз қате.
error-forbidden-text = Бұл әрекет сіздің рөліңізге немесе ұйымыңызға жатпайды. Ештеңе өзгертілмеді.
