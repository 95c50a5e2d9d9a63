# Registration and sign-in of citizens.

register-title = Порталда тіркелу
register-intro = Тіркелу үшін ЖСН-іңізді, атыңызды және байланыс деректеріңізді енгізіңіз. Туған күніңіз бен жынысыңыз ЖСН бойынша анықталады.
register-submit = Тіркелу
register-have-account = Тіркелгіңіз бар ма?
login-title = Порталға кіру
login-submit = Кіру
login-no-account = Тіркелгіңіз жоқ па?

field-iin = ЖСН
field-iin-hint = Жеке сәйкестендіру нөмірі — 12 цифр, жеке куәлігіңізде көрсетілген.
field-last-name = Тегі
field-first-name = Аты
field-middle-name = Әкесінің аты
field-phone = Ұялы телефон нөмірі
field-phone-hint = +7 форматында, мысалы: +7 701 234 56 78
field-email = Электрондық пошта
field-password = Құпиясөз
field-password-hint = Кемінде 8 таңба. ЖСН-іңізді құпиясөз ретінде пайдаланбаңыз.
field-password-confirm = Құпиясөзді қайталаңыз

notice-registered = Тіркелу сәтті аяқталды. Сіз жеке кабинетке кірдіңіз.
notice-signed-out = Сіз порталдан шықтыңыз.
notice-session-expired = Ұзақ уақыт әрекет болмағандықтан, қауіпсіздік мақсатында сеанс аяқталды. Қайта кіріңіз.
notice-session-ended-elsewhere = Құпиясөз өзгертілгендіктен, бұл сеанс аяқталды. Жаңа құпиясөзбен қайта кіріңіз.

nav-profile = Профиль
profile-title = Менің профилім
profile-known-note = Бұл мәліметтер ЖСН бойынша анықталады және өзгертілмейді. Қате болса, Мемлекеттік корпорацияға (ХҚКО) жүгініңіз.
profile-contacts = Байланыс деректері
profile-save = Сақтау
profile-password = Құпиясөзді өзгерту
profile-change-password = Құпиясөзді өзгерту
field-current-password = Қазіргі құпиясөз
field-new-password = Жаңа құпиясөз
error-current-password = Қазіргі құпиясөз қате енгізілді.
notice-profile-saved = Байланыс деректері сақталды.
notice-password-changed = Құпиясөз өзгертілді.
