#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tassei_fuzz::checks::check_pdf(data);
});
