//! Each Docs directive in turn: the first byte picks a directive header that is put in front of the
//! rest of the input, then the page is rendered (alerts, legacy notes, includes, tabs, code includes,
//! images, no-loc, zones, See also, anchors).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

const HEADERS: [&str; 12] = [
    "> [!NOTE]\n> ",
    ">[!warning] ",
    "> <span>**Remarque**</span><br>",
    "[!INCLUDE [t](inc.md)]\n",
    "# [Portail](#tab/portal)\n",
    "[!code-csharp[main](code.cs#region \"t\")]\n",
    ":::image type=\"complex\" source=\"a.png\" alt-text=\"",
    ":::no-loc text=\"",
    "::: zone pivot=\"a,b\"\n",
    "## See also\n\n- [",
    "# <a name=\"x\"></a>",
    "|a|b|\n|-|-|\n| ",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = format!(
        "{}{}",
        HEADERS[pick as usize % HEADERS.len()],
        String::from_utf8_lossy(rest)
    );
    common::render(&text);
});
