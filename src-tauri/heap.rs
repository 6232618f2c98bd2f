//! Memory the app freed, given back to the system.
//!
//! The dashboard and a sync build a year or two of figures on the async runtime's
//! threads and drop them once answered. glibc keeps what a thread freed in that
//! thread's arena, resident and counted against the app, unless it was at the arena's
//! very top; with a window open on two years of figures that was about 2 MiB
//! (BENCHMARKS.md).

/// Returns the whole free pages of every arena to the system (glibc's `malloc_trim`).
/// Called after an answer was sent, not before it. Elsewhere the allocators give large
/// frees back themselves, and this does nothing.
// The app's one use of `unsafe`: a foreign call that takes no pointers and only
// rearranges the allocator's own free lists, under the allocator's locks.
#[allow(unsafe_code)]
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim has no arguments to get wrong (0: keep no spare at the top)
    // and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// Resident memory of this process, in bytes (`/proc/self/statm`, pages of 4 KiB).
    fn resident() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").expect("statm is readable");
        let pages: u64 = statm
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("statm's second field is the resident page count");
        pages * 4096
    }

    #[test]
    fn memory_freed_below_a_live_block_goes_back_to_the_system() {
        const MIB: u64 = 1024 * 1024;
        // On a thread of its own, as a command on a runtime worker: its own arena.
        let (before, after) = std::thread::spawn(|| {
            // 64 MiB in blocks far below the size glibc maps on its own, each written
            // so it is resident, then one more that stays: nothing freed is at the top.
            let blocks: Vec<Vec<u8>> = (0..64 * 1024).map(|_| vec![1u8; 1024]).collect();
            let keep = vec![2u8; 1024];
            drop(blocks);
            let before = resident();
            give_back_freed();
            let after = resident();
            assert_eq!(keep[0], 2);
            (before, after)
        })
        .join()
        .expect("the allocating thread ran");
        assert!(
            before.saturating_sub(after) >= 32 * MIB,
            "resident memory went from {} to {} MiB; at least 32 of the 64 MiB freed should \
             have gone back",
            before / MIB,
            after / MIB
        );
    }
}
