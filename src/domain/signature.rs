//! Signed results (an imitated EDS with real cryptography): each organization has an Ed25519
//! key pair; its private key is kept sealed (ChaCha20-Poly1305) with the portal's result key
//! from the configuration and is never shown. A result is signed over the SHA-256 of its PDF,
//! so a copy with one changed byte no longer verifies. Pure: keys, bytes and randomness in.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};

/// The key that seals organizations' private keys (`RESULT_KEY`, 32 bytes).
#[derive(Clone)]
pub struct SealingKey(pub [u8; 32]);

/// An organization's key pair as stored: the public key, and the private key sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKeys {
    pub public: [u8; 32],
    /// 12-byte nonce followed by the sealed 32-byte private key and its 16-byte tag.
    pub sealed_private: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the private key does not open with this result key")]
    WrongSealingKey,
    #[error("the stored key is malformed")]
    Malformed,
}

/// A new key pair for an organization.
pub fn new_keys(sealing: &SealingKey, rng: &mut (impl RngCore + CryptoRng)) -> StoredKeys {
    let signing = SigningKey::generate(rng);
    let mut nonce = [0u8; 12];
    rng.fill_bytes(&mut nonce);
    let cipher = ChaCha20Poly1305::new((&sealing.0).into());
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), signing.to_bytes().as_slice())
        .expect("sealing 32 bytes cannot fail");
    let mut sealed_private = nonce.to_vec();
    sealed_private.extend(sealed);
    StoredKeys {
        public: signing.verifying_key().to_bytes(),
        sealed_private,
    }
}

fn unseal(sealing: &SealingKey, keys: &StoredKeys) -> Result<SigningKey, KeyError> {
    if keys.sealed_private.len() != 12 + 32 + 16 {
        return Err(KeyError::Malformed);
    }
    let (nonce, sealed) = keys.sealed_private.split_at(12);
    let cipher = ChaCha20Poly1305::new((&sealing.0).into());
    let private = cipher
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| KeyError::WrongSealingKey)?;
    let private: [u8; 32] = private.try_into().map_err(|_| KeyError::Malformed)?;
    Ok(SigningKey::from_bytes(&private))
}

/// The SHA-256 of a document, which is what gets signed.
pub fn digest(document: &[u8]) -> [u8; 32] {
    Sha256::digest(document).into()
}

/// Signs a document with the organization's key.
pub fn sign(
    sealing: &SealingKey,
    keys: &StoredKeys,
    document: &[u8],
) -> Result<[u8; 64], KeyError> {
    Ok(unseal(sealing, keys)?.sign(&digest(document)).to_bytes())
}

/// Whether `signature` is the organization's signature over exactly this document.
pub fn verify(public: &[u8; 32], document: &[u8], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(public).is_ok_and(|key| {
        key.verify(&digest(document), &Signature::from_bytes(signature))
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealing() -> SealingKey {
        SealingKey([7; 32])
    }

    #[test]
    fn a_signed_document_verifies_and_a_changed_byte_does_not() {
        let keys = new_keys(&sealing(), &mut rand::rngs::OsRng);
        let document = b"%PDF-1.7 a result".to_vec();
        let signature = sign(&sealing(), &keys, &document).unwrap();
        assert!(verify(&keys.public, &document, &signature));
        let mut tampered = document.clone();
        tampered[10] ^= 1;
        assert!(!verify(&keys.public, &tampered, &signature));
        let other = new_keys(&sealing(), &mut rand::rngs::OsRng);
        assert!(
            !verify(&other.public, &document, &signature),
            "another organization's key"
        );
    }

    #[test]
    fn the_private_key_is_sealed_and_opens_only_with_the_result_key() {
        let keys = new_keys(&sealing(), &mut rand::rngs::OsRng);
        assert_eq!(keys.sealed_private.len(), 60);
        assert_eq!(
            sign(&SealingKey([8; 32]), &keys, b"x"),
            Err(KeyError::WrongSealingKey)
        );
        let broken = StoredKeys {
            sealed_private: vec![0; 10],
            ..keys
        };
        assert_eq!(sign(&sealing(), &broken, b"x"), Err(KeyError::Malformed));
    }
}

/// The code printed under a result's QR code and shown to its holder: derived from the result
/// key and the document number, so it is never stored and cannot be guessed from the number.
pub fn verification_code(sealing: &SealingKey, document_number: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut hasher = Sha256::new();
    hasher.update(b"egov-portal verification code\0");
    hasher.update(sealing.0);
    hasher.update(document_number.as_bytes());
    hasher
        .finalize()
        .iter()
        .take(10)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Whether a code typed in (any case, spaces ignored) is the document's, compared in constant
/// time.
pub fn code_matches(sealing: &SealingKey, document_number: &str, typed: &str) -> bool {
    use subtle::ConstantTimeEq;
    let typed: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let expected = verification_code(sealing, document_number);
    typed.len() == expected.len() && bool::from(typed.as_bytes().ct_eq(expected.as_bytes()))
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn the_code_belongs_to_its_document_and_the_key() {
        let key = SealingKey([7; 32]);
        let code = verification_code(&key, "RES-2026-00000004");
        assert_eq!(code.len(), 10);
        assert!(code_matches(
            &key,
            "RES-2026-00000004",
            &code.to_lowercase()
        ));
        assert!(!code_matches(&key, "RES-2026-00000005", &code));
        assert!(!code_matches(
            &SealingKey([8; 32]),
            "RES-2026-00000004",
            &code
        ));
        assert!(!code_matches(&key, "RES-2026-00000004", ""));
    }
}
