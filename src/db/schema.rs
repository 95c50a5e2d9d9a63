// @generated automatically by Diesel CLI.

diesel::table! {
    calendar (date) {
        date -> Date,
        #[max_length = 24]
        kind -> Varchar,
        name_kk -> Text,
        name_ru -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    service_steps (service_code, channel, position) {
        #[max_length = 32]
        service_code -> Varchar,
        #[max_length = 20]
        channel -> Varchar,
        position -> Int4,
        #[max_length = 16]
        role -> Varchar,
        amount -> Int4,
        #[max_length = 16]
        unit -> Varchar,
        #[max_length = 120]
        clause -> Varchar,
        can_refuse -> Bool,
        action_kk -> Text,
        action_ru -> Text,
    }
}

diesel::table! {
    services (code) {
        #[max_length = 32]
        code -> Varchar,
        #[max_length = 64]
        slug -> Varchar,
        #[max_length = 16]
        category -> Varchar,
        name_kk -> Text,
        name_ru -> Text,
        online -> Bool,
        definition -> Jsonb,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sign_in_attempts (id) {
        id -> Int8,
        #[max_length = 12]
        iin -> Varchar,
        #[max_length = 64]
        ip -> Varchar,
        succeeded -> Bool,
        attempted_at -> Timestamptz,
    }
}

diesel::table! {
    sign_in_lockouts (subject) {
        #[max_length = 80]
        subject -> Varchar,
        locked_until -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        #[max_length = 12]
        iin -> Bpchar,
        #[max_length = 100]
        last_name -> Varchar,
        #[max_length = 100]
        first_name -> Varchar,
        #[max_length = 100]
        middle_name -> Nullable<Varchar>,
        birth_date -> Date,
        #[max_length = 6]
        sex -> Varchar,
        #[max_length = 12]
        phone -> Varchar,
        #[max_length = 254]
        email -> Nullable<Varchar>,
        password_hash -> Text,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(service_steps -> services (service_code));

diesel::allow_tables_to_appear_in_same_query!(
    calendar,
    service_steps,
    services,
    sign_in_attempts,
    sign_in_lockouts,
    users,
);
