//! Errors of the command line: the core's, plus trouble with the terminal and the
//! local redirect listener.

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] wakadesk_core::Error),
    #[error("Could not read standard input ({0}).")]
    Stdin(std::io::Error),
    #[error("Could not write the output ({0}).")]
    Output(String),
    #[error("The local redirect listener failed: {0}.")]
    Loopback(String),
    #[error(
        "No answer from the browser within {0} seconds. Run connect again (or raise --timeout)."
    )]
    Timeout(u64),
}

pub type CliResult<T = ()> = Result<T, CliError>;
