//! The server's allocator. A request allocates and frees many small blocks on whichever
//! thread serves it; mimalloc keeps those on per-thread free lists that take no lock, where
//! glibc's arenas (bounded to two, `bound_malloc`, to keep memory down) made the threads wait on
//! each other. Blocks of 1 MiB and more (a password hash's 12 MiB) still come from glibc, which
//! maps them apart and gives them back as soon as they are freed, so a burst of sign-ins does
//! not leave the server larger (`docs/benchmarks.md`).

use std::alloc::{GlobalAlloc, Layout, System};

use mimalloc::MiMalloc;

/// From this size a block is mapped by glibc (`M_MMAP_THRESHOLD` is set to the same size).
pub const LARGE: usize = 1024 * 1024;

pub struct PortalAllocator;

fn is_large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: each block is freed, grown or shrunk by the allocator that made it: which one is told
// by its size, and `GlobalAlloc` passes the same layout to `dealloc` and `realloc` as the block
// was allocated (or last reallocated) with.
unsafe impl GlobalAlloc for PortalAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if is_large(layout.size()) {
                System.alloc(layout)
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if is_large(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            if is_large(layout.size()) {
                System.dealloc(ptr, layout)
            } else {
                MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            match (is_large(layout.size()), is_large(new_size)) {
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                // Across the line: a new block from the other allocator, the contents moved.
                _ => {
                    let moved = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(moved);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}
