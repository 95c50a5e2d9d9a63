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
