//! `tandem new DIR`: a minimal bilingual site that builds at once, to start from.

use std::path::Path;

const CONFIG: &str = r#"title = "My documentation"
base_url = "https://docs.example.com"
source_language = "en-us"
theme = "default"

[languages]
en-us = "English"
fr-fr = "Français"
"#;

const HOME: &str = r#"---
title: Accueil
description: Point de départ de la documentation.
ms.date: 01/15/2026
ms.translationtype: HT
ms.contentlocale: fr-FR
ms.lasthandoff: 01/15/2026
---
# <a name="welcome"></a><span data-ttu-id="a0001-103">Bienvenue</span><span class="sxs-lookup"><span data-stu-id="a0001-103">Welcome</span></span>

<span data-ttu-id="a0001-104">Cette page existe en français et en anglais.</span><span class="sxs-lookup"><span data-stu-id="a0001-104">This page exists in French and in English.</span></span>

- <span data-ttu-id="a0001-105">[Premiers pas](getting-started.md)</span><span class="sxs-lookup"><span data-stu-id="a0001-105">[Getting started](getting-started.md)</span></span>
"#;

const PAGE: &str = r#"---
title: Premiers pas
description: Écrire une page bilingue.
ms.date: 01/15/2026
ms.translationtype: MT
ms.contentlocale: fr-FR
ms.lasthandoff: 01/15/2026
---
# <a name="getting-started"></a><span data-ttu-id="a0002-103">Premiers pas</span><span class="sxs-lookup"><span data-stu-id="a0002-103">Getting started</span></span>

1. <span data-ttu-id="a0002-104">Modifiez ce fichier.</span><span class="sxs-lookup"><span data-stu-id="a0002-104">Edit this file.</span></span>
2. <span data-ttu-id="a0002-105">Lancez `tandem build`.</span><span class="sxs-lookup"><span data-stu-id="a0002-105">Run `tandem build`.</span></span>

> [!TIP]
> <span data-ttu-id="a0002-106">`tandem serve` recharge la page à chaque modification.</span><span class="sxs-lookup"><span data-stu-id="a0002-106">`tandem serve` reloads the page on every change.</span></span>

## <a name="see-also"></a><span data-ttu-id="a0002-107">Voir aussi</span><span class="sxs-lookup"><span data-stu-id="a0002-107">See also</span></span>

- [<span data-ttu-id="a0002-108">Accueil</span><span class="sxs-lookup"><span data-stu-id="a0002-108">Home</span></span>](index.md)
"#;

const TOC: &str =
    "- name: Accueil\n  href: index.md\n- name: Premiers pas\n  href: getting-started.md\n";

/// Writes the starter site into `dir`, refusing to overwrite an existing `tandem.toml` or content.
pub fn new_site(dir: &Path) -> std::io::Result<Vec<String>> {
    if dir.join("tandem.toml").exists() || dir.join("content").exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{} already holds a site (tandem.toml or content/); choose an empty folder",
                dir.display()
            ),
        ));
    }
    let files = [
        ("tandem.toml", CONFIG),
        ("content/fr-fr/index.md", HOME),
        ("content/fr-fr/getting-started.md", PAGE),
        ("content/fr-fr/TOC.yml", TOC),
        (".gitignore", "output/\n"),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&path, text)?;
        written.push(rel.to_string());
    }
    Ok(written)
}
