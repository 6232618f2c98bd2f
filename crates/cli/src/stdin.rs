//! Secrets typed into standard input, so they stay out of shell history and `ps`.

use std::io::Read;

use wakadesk_core::secret::Secret;

use crate::error::{CliError, CliResult};

/// The first line of standard input, without its line ending.
pub fn read_secret_line() -> CliResult<Secret<String>> {
    first_line(std::io::stdin())
}

/// The first `n` lines of standard input (missing ones are empty).
pub fn read_secret_lines(n: usize) -> CliResult<Vec<Secret<String>>> {
    lines(std::io::stdin(), n)
}

fn first_line(input: impl Read) -> CliResult<Secret<String>> {
    Ok(lines(input, 1)?.remove(0))
}

fn lines(mut input: impl Read, n: usize) -> CliResult<Vec<Secret<String>>> {
    let mut buf = String::new();
    let read = input.read_to_string(&mut buf);
    // Wrapped before any early return, so it is wiped either way.
    let all = Secret::new(buf);
    read.map_err(CliError::Stdin)?;
    let mut lines = all.expose().lines();
    Ok((0..n)
        .map(|_| Secret::new(lines.next().unwrap_or_default().to_owned()))
        .collect())
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
    fn two_secrets_come_one_per_line() {
        let got = lines("password\nwaka_key\n".as_bytes(), 2).unwrap();
        assert_eq!(
            (got[0].expose().as_str(), got[1].expose().as_str()),
            ("password", "waka_key")
        );
        let short = lines("password\n".as_bytes(), 2).unwrap();
        assert_eq!(short[1].expose(), "", "a missing line is empty");
    }

    #[test]
    fn spaces_inside_and_around_a_secret_are_kept() {
        let pw = first_line(" pass phrase \n".as_bytes()).unwrap();
        assert_eq!(pw.expose(), " pass phrase ");
    }
}
