//! Checks on what a person types at sign-up, each failure tied to its field.

use crate::{Error, Field, Result};

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 1024;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_TEXT_CHARS: usize = 200;

/// The email as it will be stored: trimmed, checked for a plausible shape.
pub fn email(raw: &str) -> Result<String> {
    let email = raw.trim();
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(Error::TooLong {
            field: Field::Email,
            max: MAX_EMAIL_CHARS,
        });
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(Error::InvalidEmail);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[],;:\\\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    if local_ok && domain_ok {
        Ok(email.to_owned())
    } else {
        Err(Error::InvalidEmail)
    }
}

pub fn name(raw: &str) -> Result<String> {
    required_text(raw, Field::Name, Error::EmptyName)
}

pub fn batch(raw: &str) -> Result<String> {
    required_text(raw, Field::Batch, Error::MissingBatch)
}

pub fn project(raw: &str) -> Result<String> {
    required_text(raw, Field::Project, Error::MissingProject)
}

/// Length is counted in characters, as a person counts them; spaces are kept.
pub fn password(raw: &str) -> Result<()> {
    let n = raw.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(Error::ShortPassword {
            min: MIN_PASSWORD_CHARS,
        })
    } else if n > MAX_PASSWORD_CHARS {
        Err(Error::LongPassword {
            max: MAX_PASSWORD_CHARS,
        })
    } else {
        Ok(())
    }
}

fn required_text(raw: &str, field: Field, empty: Error) -> Result<String> {
    let text = raw.trim();
    if text.is_empty() {
        Err(empty)
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Err(Error::TooLong {
            field,
            max: MAX_TEXT_CHARS,
        })
    } else {
        Ok(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_are_accepted_and_trimmed() {
        for ok in [
            "a@b.co",
            "  Ada.Lovelace+waka@Example.ORG ",
            "x_y@sub.domain.edu.in",
        ] {
            assert_eq!(email(ok).expect(ok), ok.trim(), "{ok:?}");
        }
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "", "plain", "@b.co", "a@", "a@b", "a@b.", "a b@c.de", "a@b..co", "a@-b.co", ".a@b.co",
            "a@b.c", "a@@b.co",
        ] {
            let err = email(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_email", "{bad:?} gave {err}");
        }
    }

    #[test]
    fn short_passwords_are_rejected_by_character_count() {
        assert_eq!(password("1234567").unwrap_err().code(), "short_password");
        assert!(password("12345678").is_ok(), "8 characters is enough");
        assert!(
            password("ääääääää").is_ok(),
            "8 non-ASCII characters is enough"
        );
    }

    #[test]
    fn blank_names_batches_and_projects_are_rejected() {
        assert_eq!(name("  ").unwrap_err().code(), "empty_name");
        assert_eq!(batch("\t").unwrap_err().code(), "missing_batch");
        assert_eq!(project("").unwrap_err().code(), "missing_project");
        assert_eq!(name(" Ada ").unwrap(), "Ada", "trimmed");
    }
}
