//! Whether a loopback TCP connection comes from a program of the user running the CLI.
//!
//! The authorize address, state included, is on the browser's command line, which
//! every local user can read in `/proc/*/cmdline`; on a shared machine another user
//! could approve the request with their own WakaTime account and send the redirect to
//! the listener first. TCP carries no credentials, but on Linux the kernel's socket
//! tables (`/proc/net/tcp`, `/proc/net/tcp6`) name the owner of each socket: the
//! client's socket is the one whose local address is our peer's and whose remote
//! address is ours. Elsewhere the check cannot be made and every connection passes.

use std::net::SocketAddr;

use tokio::net::TcpStream;

/// True when the other end of `stream` belongs to this process's user. On Linux a
/// socket that cannot be found (already closed, or in another namespace) is not.
pub fn is_same_user(stream: &TcpStream) -> bool {
    #[cfg(target_os = "linux")]
    {
        let (Ok(ours), Ok(theirs)) = (stream.local_addr(), stream.peer_addr()) else {
            return false;
        };
        owner_of(theirs, ours) == Some(rustix::process::geteuid().as_raw())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = stream;
        true
    }
}

/// The uid owning the socket at `local` connected to `remote`, from the kernel's tables.
#[cfg(target_os = "linux")]
fn owner_of(local: SocketAddr, remote: SocketAddr) -> Option<u32> {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|table| std::fs::read_to_string(table).ok())
        .find_map(|table| owner_in(&table, local, remote))
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
/// The uid of the row of `table` (the text of `/proc/net/tcp` or `tcp6`) for the
/// socket at `local` connected to `remote`. A row without an inode belongs to no
/// process any more (a closed socket in `TIME_WAIT` shows uid 0) and is skipped.
fn owner_in(table: &str, local: SocketAddr, remote: SocketAddr) -> Option<u32> {
    table.lines().skip(1).find_map(|row| {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        let fields: Vec<&str> = row.split_whitespace().collect();
        let (row_local, row_remote, uid, inode) = (
            fields.get(1)?,
            fields.get(2)?,
            fields.get(7)?,
            fields.get(9)?,
        );
        let matches = parse_address(row_local)? == local
            && parse_address(row_remote)? == remote
            && *inode != "0";
        matches.then(|| uid.parse().ok()).flatten()
    })
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
/// An address as the kernel prints it: the IP's bytes in memory order, four at a time
/// as native-endian hex words, then `:` and the port in hex. An IPv4 address mapped
/// into IPv6 (a dual-stack client) is given as IPv4.
fn parse_address(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut bytes = Vec::with_capacity(16);
    if ip.len() % 8 != 0 {
        return None;
    }
    for word in 0..ip.len() / 8 {
        let word = u32::from_str_radix(ip.get(word * 8..word * 8 + 8)?, 16).ok()?;
        bytes.extend_from_slice(&word.to_ne_bytes());
    }
    let ip = match bytes.len() {
        4 => std::net::IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?),
        16 => {
            let v6 = std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?);
            v6.to_ipv4_mapped()
                .map_or(std::net::IpAddr::V6(v6), std::net::IpAddr::V4)
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// 127.0.0.1 as the kernel prints it on this machine.
    fn localhost_hex() -> String {
        format!("{:08X}", u32::from_ne_bytes([127, 0, 0, 1]))
    }

    #[test]
    fn the_client_row_of_a_connection_gives_its_owner_and_other_rows_do_not() {
        let lo = localhost_hex();
        let table = format!(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
             0: {lo}:D1F2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0\n\
             1: {lo}:D1F2 {lo}:9C40 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0\n\
             2: {lo}:9C40 {lo}:D1F2 01 00000000:00000000 00:00000000 00000000  1234        0 1003 1 0\n\
             3: {lo}:9C41 {lo}:D1F2 06 00000000:00000000 03:00000000 00000000     0        0 0 3 0\n"
        );
        let (listener, client) = (addr("127.0.0.1:53746"), addr("127.0.0.1:40000"));
        assert_eq!(
            owner_in(&table, client, listener),
            Some(1234),
            "the client's row"
        );
        assert_eq!(owner_in(&table, listener, client), Some(0), "our own row");
        let closed = addr("127.0.0.1:40001");
        assert_eq!(
            owner_in(&table, closed, listener),
            None,
            "a socket in TIME_WAIT belongs to nobody"
        );
        assert_eq!(owner_in(&table, addr("127.0.0.1:1"), listener), None);
        assert_eq!(owner_in("garbage\n1: x y", client, listener), None);
    }

    #[test]
    fn ipv6_rows_and_ipv4_mapped_clients_are_read() {
        // The words are native-endian: rebuild the mapped address as the kernel would.
        let bytes: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
        let kernel: String = bytes
            .chunks(4)
            .map(|w| format!("{:08X}", u32::from_ne_bytes(w.try_into().unwrap())))
            .collect();
        assert_eq!(
            parse_address(&format!("{kernel}:9C40")),
            Some(addr("127.0.0.1:40000")),
            "an IPv4-mapped client is an IPv4 address"
        );
        let loopback6: String = std::net::Ipv6Addr::LOCALHOST
            .octets()
            .chunks(4)
            .map(|w| format!("{:08X}", u32::from_ne_bytes(w.try_into().unwrap())))
            .collect();
        assert_eq!(
            parse_address(&format!("{loopback6}:0050")),
            Some(addr("[::1]:80"))
        );
        assert_eq!(parse_address("7F00:0050"), None, "a short address");
        assert_eq!(parse_address("nothex00:0050"), None);
    }

    #[tokio::test]
    async fn a_connection_of_our_own_is_ours() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let _client = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let (accepted, _) = listener.accept().await.unwrap();
        assert!(
            is_same_user(&accepted),
            "our own client is found and is ours"
        );
    }
}
