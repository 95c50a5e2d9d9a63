//! `seed [--demo]`: data the portal starts with. Demo accounts only with `--demo`.

use diesel::PgConnection;

use crate::domain::iin::Iin;
use crate::domain::password;
use crate::domain::registration::NewCitizen;
use crate::repo::users;

/// A demo citizen: IIN, password, last, first and middle name, phone.
pub struct DemoCitizen {
    pub iin: &'static str,
    pub password: &'static str,
    pub last_name: &'static str,
    pub first_name: &'static str,
    pub middle_name: &'static str,
    pub phone: &'static str,
}

pub const DEMO_CITIZENS: &[DemoCitizen] = &[
    DemoCitizen {
        iin: "900315400017",
        password: "demo-citizen-1",
        last_name: "Нұрланова",
        first_name: "Айгерім",
        middle_name: "Серікқызы",
        phone: "+77011234567",
    },
    DemoCitizen {
        iin: "850720300020",
        password: "demo-citizen-2",
        last_name: "Жақсылықов",
        first_name: "Ерлан",
        middle_name: "Болатұлы",
        phone: "+77027654321",
    },
];

/// Creates the demo citizens that do not exist yet. Returns how many were created.
pub fn demo(conn: &mut PgConnection) -> anyhow::Result<usize> {
    let mut created = 0;
    for demo in DEMO_CITIZENS {
        let iin = Iin::parse(demo.iin)?;
        if users::iin_exists(conn, &iin)? {
            continue;
        }
        let citizen = NewCitizen {
            birth_date: iin.birth_date(),
            sex: iin.sex(),
            iin,
            last_name: demo.last_name.into(),
            first_name: demo.first_name.into(),
            middle_name: Some(demo.middle_name.into()),
            phone: demo.phone.into(),
            email: None,
            password: demo.password.into(),
        };
        users::create(conn, &citizen, &password::hash(demo.password))?;
        created += 1;
    }
    Ok(created)
}

/// Organizations that get one demo account per provider role (`seed --demo`): a kindergarten,
/// two schools, a college, an education department, and a supplementary education
/// organization (its service has a State Corporation term, so the front office's late-return
/// flag can be seen).
pub const DEMO_ORGANIZATIONS: &[&str] = &[
    "KG-ALMALY-1",
    "SCH-ALMALY-1",
    "SCH-BOSTANDYK-2",
    "COL-ALMATY-POLY",
    "EDU-TALGAR-DEPT",
    "DOP-ALMATY-PALACE",
];

/// The provider roles a demo organization gets, with the demo staff's names.
const DEMO_ROLES: &[(&str, &str)] = &[
    ("clerk", "Кеңсе қызметкері"),
    ("head", "Басшы"),
    ("executor", "Орындаушы"),
    ("org_admin", "Әкімші"),
];

/// A demo staff account: login, password, role, organization code (none for the sysadmin).
pub struct DemoStaff {
    pub login: String,
    pub password: String,
    pub role: &'static str,
    pub organization: Option<&'static str>,
    pub name: String,
}

/// Every demo staff account: one per role in each demo organization, a second executor where
/// heads assign, the sysadmin and a State Corporation operator. Logins are
/// `<role>.<organization code in lower case>`.
pub fn demo_staff() -> Vec<DemoStaff> {
    let mut all = vec![
        DemoStaff {
            login: "sysadmin".into(),
            password: "demo-sysadmin".into(),
            role: "sysadmin",
            organization: None,
            name: "Порталдың әкімшісі".into(),
        },
        DemoStaff {
            login: "operator".into(),
            password: "demo-operator".into(),
            role: "operator",
            organization: None,
            name: "Мемлекеттік корпорацияның операторы".into(),
        },
    ];
    for org in DEMO_ORGANIZATIONS {
        let code = org.to_lowercase();
        for (role, title) in DEMO_ROLES {
            all.push(DemoStaff {
                login: format!("{role}.{code}"),
                password: format!("demo-{role}"),
                role,
                organization: Some(org),
                name: format!("{title} ({org})"),
            });
        }
        all.push(DemoStaff {
            login: format!("executor2.{code}"),
            password: "demo-executor".into(),
            role: "executor",
            organization: Some(org),
            name: format!("Екінші орындаушы ({org})"),
        });
    }
    all
}

/// Creates the demo staff accounts that do not exist yet. Returns how many were created.
pub fn demo_staff_accounts(conn: &mut PgConnection) -> anyhow::Result<usize> {
    let mut created = 0;
    for s in demo_staff() {
        if crate::repo::staff::find_by_login(conn, &s.login)?.is_some() {
            continue;
        }
        crate::staff_cli::add(
            conn,
            &crate::staff_cli::AddStaff {
                organization: s.organization,
                role: s.role,
                login: &s.login,
                password: &s.password,
                name: &s.name,
            },
        )?;
        created += 1;
    }
    Ok(created)
}
