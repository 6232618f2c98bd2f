//! Errors of the command line: the core's, plus trouble reading the terminal.

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] wakadesk_core::Error),
    #[error("Could not read the password from standard input ({0}).")]
    Stdin(std::io::Error),
    #[error("Could not write the output ({0}).")]
    Output(String),
}

pub type CliResult<T = ()> = Result<T, CliError>;
