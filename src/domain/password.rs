//! Password hashing with Argon2id at one of the costs the OWASP Password Storage Cheat Sheet
//! recommends as equal in defence: 12 MiB, 3 passes, 1 lane (its other choices trade memory for
//! passes: 19 MiB and 2, 9 MiB and 4). Taken from that cheat sheet, not from the seeds. The
//! smaller memory keeps the server's peak under load lower (`docs/benchmarks.md`); hashes made at
//! another cost (the PHC string carries it) are still verified at theirs.

use std::sync::{LazyLock, Mutex};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    let params = Params::new(12 * 1024, 3, 1, None).expect("constant Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Runs one hash computation at a time. Each holds 12 MiB while it runs: a burst of sign-ins or
/// submissions on many threads would otherwise hold 12 MiB per thread (measured with
/// `scripts/bench`: two at once put the server's peak above the 60 MB it should stay under). The others wait their turn; each takes a few tens of milliseconds.
fn one_at_a_time<T>(work: impl FnOnce() -> T) -> T {
    static HASHING: Mutex<()> = Mutex::new(());
    let _turn = HASHING.lock().unwrap_or_else(|e| e.into_inner());
    work()
}

/// A PHC string (`$argon2id$v=19$m=12288,t=3,p=1$…`) holding salt and parameters.
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    one_at_a_time(|| {
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .expect("Argon2 hashing of an in-memory password cannot fail")
            .to_string()
    })
}

/// Whether `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            one_at_a_time(|| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .unwrap_or(false)
}

/// Spends the same time as a real check, so an unknown IIN cannot be told from a wrong password
/// by how long the answer takes.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash("no account has this password"));
    let _ = verify(password, &DUMMY);
}

/// Verifies against a stored hash that may be missing (a person without an account): then the
/// same work is done, and the answer is no.
pub fn verify_stored(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(hash) => verify(password, hash),
        None => {
            verify_against_nothing(password);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let h = hash("құпия-сөз-123");
        assert!(h.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"), "{h}");
        assert!(verify("құпия-сөз-123", &h));
        assert!(!verify("құпия-сөз-124", &h));
        assert!(!verify("құпия-сөз-123", "not a hash"));
        assert_ne!(h, hash("құпия-сөз-123"), "each hash has its own salt");
    }
}
