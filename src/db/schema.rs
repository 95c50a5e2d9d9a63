// @generated automatically by Diesel CLI.

diesel::table! {
    application_documents (id) {
        id -> Int8,
        application_id -> Int8,
        #[max_length = 64]
        field -> Varchar,
        #[max_length = 64]
        document_id -> Varchar,
        file_name -> Text,
        #[max_length = 32]
        content_type -> Varchar,
        size_bytes -> Int4,
        #[max_length = 64]
        sha256 -> Bpchar,
        content -> Bytea,
        uploaded_at -> Timestamptz,
    }
}

diesel::table! {
    application_events (id) {
        id -> Int8,
        application_id -> Int8,
        at -> Timestamptz,
        #[max_length = 16]
        actor_kind -> Varchar,
        actor_id -> Nullable<Int8>,
        #[max_length = 32]
        action -> Varchar,
        #[max_length = 16]
        from_status -> Nullable<Varchar>,
        #[max_length = 16]
        to_status -> Nullable<Varchar>,
        step_position -> Nullable<Int4>,
        due_at -> Nullable<Timestamptz>,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    application_steps (application_id, position) {
        application_id -> Int8,
        position -> Int4,
        #[max_length = 16]
        role -> Varchar,
        action_kk -> Text,
        action_ru -> Text,
        amount -> Int4,
        #[max_length = 16]
        unit -> Varchar,
        clause -> Text,
        due_at -> Timestamptz,
        done_at -> Nullable<Timestamptz>,
        done_by -> Nullable<Int8>,
        comment -> Nullable<Text>,
        #[max_length = 16]
        done_by_kind -> Nullable<Varchar>,
        #[max_length = 24]
        outcome -> Nullable<Varchar>,
        identity_checked -> Bool,
        warned_at -> Nullable<Timestamptz>,
        overdue_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    applications (id) {
        id -> Int8,
        #[max_length = 20]
        number -> Varchar,
        #[max_length = 32]
        service_code -> Varchar,
        applicant_id -> Int8,
        organization_id -> Nullable<Int8>,
        #[max_length = 20]
        channel -> Varchar,
        #[max_length = 16]
        status -> Varchar,
        answers -> Jsonb,
        #[max_length = 64]
        idempotency_key -> Varchar,
        consent_at -> Nullable<Timestamptz>,
        signed_at -> Nullable<Timestamptz>,
        submitted_at -> Nullable<Timestamptz>,
        expected_at -> Nullable<Timestamptz>,
        decision_note -> Nullable<Text>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        step_position -> Nullable<Int4>,
        #[max_length = 16]
        step_role -> Nullable<Varchar>,
        step_due -> Nullable<Timestamptz>,
        assigned_to -> Nullable<Int8>,
        resolution -> Nullable<Text>,
        #[max_length = 40]
        journal_number -> Nullable<Varchar>,
        #[max_length = 16]
        decision -> Nullable<Varchar>,
        refusal_ground -> Nullable<Text>,
        result -> Nullable<Jsonb>,
        #[max_length = 16]
        signed_with -> Nullable<Varchar>,
        returned_at -> Nullable<Timestamptz>,
        presented_documents -> Jsonb,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        at -> Timestamptz,
        #[max_length = 16]
        actor_kind -> Varchar,
        actor_id -> Nullable<Int8>,
        organization_id -> Nullable<Int8>,
        #[max_length = 48]
        action -> Varchar,
        #[max_length = 120]
        object -> Nullable<Varchar>,
        details -> Jsonb,
    }
}

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
    queue_revisions (organization_id) {
        organization_id -> Int8,
        revision -> Int8,
    }
}

diesel::table! {
    reference_revision (singleton) {
        singleton -> Bool,
        revision -> Int8,
    }
}

diesel::table! {
    notifications (id) {
        id -> Int8,
        user_id -> Int8,
        application_id -> Nullable<Int8>,
        #[max_length = 64]
        message_id -> Varchar,
        args -> Jsonb,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Int8,
        #[max_length = 40]
        code -> Varchar,
        #[max_length = 40]
        kind -> Varchar,
        name_kk -> Text,
        name_ru -> Text,
        #[max_length = 40]
        region -> Varchar,
        region_kk -> Text,
        region_ru -> Text,
        #[max_length = 40]
        district -> Varchar,
        district_kk -> Text,
        district_ru -> Text,
        address -> Text,
    }
}

diesel::table! {
    organization_keys (organization_id) {
        organization_id -> Int8,
        public_key -> Bytea,
        sealed_private_key -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        notification_id -> Int8,
        #[max_length = 8]
        channel -> Varchar,
        recipient -> Text,
        #[max_length = 2]
        lang -> Varchar,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        claimed_at -> Nullable<Timestamptz>,
        #[max_length = 64]
        claimed_by -> Nullable<Varchar>,
        next_attempt_at -> Timestamptz,
    }
}

diesel::table! {
    results (id) {
        id -> Int8,
        application_id -> Int8,
        #[max_length = 32]
        document_number -> Varchar,
        #[max_length = 16]
        kind -> Varchar,
        #[max_length = 2]
        lang -> Varchar,
        pdf -> Bytea,
        #[max_length = 64]
        sha256 -> Bpchar,
        signature -> Bytea,
        organization_id -> Int8,
        signed_by -> Int8,
        signed_at -> Timestamptz,
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
        clause -> Text,
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
    signing_codes (id) {
        id -> Int8,
        user_id -> Int8,
        application_id -> Int8,
        #[max_length = 64]
        code_hash -> Bpchar,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        attempts -> Int4,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    sign_in_attempts (id) {
        id -> Int8,
        #[max_length = 80]
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
    journals (organization_id, year) {
        organization_id -> Int8,
        year -> Int4,
        last_number -> Int4,
    }
}

diesel::table! {
    staff (id) {
        id -> Int8,
        #[max_length = 64]
        login -> Varchar,
        #[max_length = 200]
        full_name -> Varchar,
        #[max_length = 16]
        role -> Varchar,
        organization_id -> Nullable<Int8>,
        password_hash -> Text,
        disabled -> Bool,
        absent -> Bool,
        session_generation -> Int4,
        created_at -> Timestamptz,
        unread_notifications -> Int4,
    }
}

diesel::table! {
    staff_notifications (id) {
        id -> Int8,
        staff_id -> Int8,
        application_id -> Nullable<Int8>,
        #[max_length = 64]
        message_id -> Varchar,
        args -> Jsonb,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
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
        password_hash -> Nullable<Text>,
        created_at -> Timestamptz,
        #[max_length = 2]
        lang -> Varchar,
        session_generation -> Int4,
        applications_revision -> Int8,
        unread_notifications -> Int4,
    }
}

diesel::table! {
    complaints (id) {
        id -> Int8,
        application_id -> Int8,
        applicant_id -> Int8,
        organization_id -> Int8,
        text -> Text,
        file_name -> Nullable<Text>,
        #[max_length = 32]
        file_content_type -> Nullable<Varchar>,
        file_size -> Nullable<Int4>,
        #[max_length = 64]
        file_sha256 -> Nullable<Bpchar>,
        file_content -> Nullable<Bytea>,
        registered_at -> Timestamptz,
        due_at -> Timestamptz,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Int8>,
        answered_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::joinable!(application_documents -> applications (application_id));
diesel::joinable!(application_events -> applications (application_id));
diesel::joinable!(application_steps -> applications (application_id));
diesel::joinable!(applications -> organizations (organization_id));
diesel::joinable!(applications -> services (service_code));
diesel::joinable!(applications -> staff (assigned_to));
diesel::joinable!(journals -> organizations (organization_id));
diesel::joinable!(staff -> organizations (organization_id));
diesel::joinable!(applications -> users (applicant_id));
diesel::joinable!(notifications -> applications (application_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(outbox -> notifications (notification_id));
diesel::joinable!(organization_keys -> organizations (organization_id));
diesel::joinable!(results -> applications (application_id));
diesel::joinable!(results -> staff (signed_by));
diesel::joinable!(service_steps -> services (service_code));
diesel::joinable!(staff_notifications -> applications (application_id));
diesel::joinable!(staff_notifications -> staff (staff_id));
diesel::joinable!(complaints -> applications (application_id));
diesel::joinable!(complaints -> organizations (organization_id));
diesel::joinable!(complaints -> staff (answered_by));
diesel::joinable!(complaints -> users (applicant_id));

diesel::allow_tables_to_appear_in_same_query!(
    application_documents,
    application_events,
    application_steps,
    applications,
    audit_log,
    calendar,
    journals,
    notifications,
    organization_keys,
    organizations,
    outbox,
    queue_revisions,
    reference_revision,
    results,
    service_steps,
    services,
    sign_in_attempts,
    signing_codes,
    sign_in_lockouts,
    staff,
    staff_notifications,
    users,
    complaints,
);
