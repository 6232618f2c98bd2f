//! Secrets typed into standard input, so they stay out of shell history and `ps`.

use std::io::Read;

use wakadesk_core::secret::Secret;

use crate::error::{CliError, CliResult};

/// The first line of standard input, without its line ending.
pub fn read_secret_line() -> CliResult<Secret<String>> {
    first_line(std::io::stdin())
}

fn first_line(mut input: impl Read) -> CliResult<Secret<String>> {
    let mut buf = String::new();
    let read = input.read_to_string(&mut buf);
    // Wrapped before any early return, so it is wiped either way.
    let all = Secret::new(buf);
    read.map_err(CliError::Stdin)?;
    let first = all.expose().lines().next().unwrap_or_default();
    Ok(Secret::new(first.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_the_first_line_without_its_line_ending() {
        for input in [
            "hunter22\n",
            "hunter22\r\n",
            "hunter22",
            "hunter22\nignored\n",
        ] {
            let pw = first_line(input.as_bytes()).unwrap();
            assert_eq!(pw.expose(), "hunter22", "from {input:?}");
        }
    }

    #[test]
    fn spaces_inside_and_around_a_secret_are_kept() {
        let pw = first_line(" pass phrase \n".as_bytes()).unwrap();
        assert_eq!(pw.expose(), " pass phrase ");
    }
}
