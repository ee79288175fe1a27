#!/usr/bin/env python3
"""Synthetic bilingual site for whole-site benchmarks (issue 7).

    python3 bench/gen_site.py N OUT_DIR [--hugo] [--seed S]

Writes N side-by-side sources under OUT_DIR/content/fr-fr/ (each yields a French and an English page),
a nested OUT_DIR/content/fr-fr/TOC.yml (areas -> [parts of at most 20 sections, for large N ->]
sections of 50-100 pages -> groups of 25 -> pages) and
OUT_DIR/tandem.toml. Pages follow the real format of the localized Microsoft Docs repositories (see
../shared/corpus/partner-center-pr.fr-fr): ms.* front matter, `data-ttu-id` / `data-stu-id` span
pairs in headings (with `<a name>` anchors), paragraphs, list items, pipe tables and link text,
relative links between pages, `> [!NOTE]` alerts and a closing "Voir aussi" list; 3-6 KB of Markdown.

With --hugo, OUT_DIR/hugo/ holds the same N pages as plain single-language Markdown (the French
halves) with a minimal layout (baseof + single/list printing .Title and .Content, no sidebar), so
Hugo renders comparable pages.

Deterministic: the same N and seed give byte-identical files.
"""
import argparse
import os
import random
import shutil

# (French, English) phrase pairs the sentences are built from.
VERBS = [
    ("Gérer", "Manage", "gerer"),
    ("Configurer", "Configure", "configurer"),
    ("Ajouter", "Add", "ajouter"),
    ("Supprimer", "Remove", "supprimer"),
    ("Afficher", "View", "afficher"),
    ("Modifier", "Change", "modifier"),
    ("Exporter", "Export", "exporter"),
    ("Vérifier", "Check", "verifier"),
    ("Activer", "Turn on", "activer"),
    ("Renouveler", "Renew", "renouveler"),
]
OBJECTS = [
    ("les abonnements", "subscriptions", "abonnements"),
    ("les factures", "invoices", "factures"),
    ("les utilisateurs", "users", "utilisateurs"),
    ("les licences", "licenses", "licences"),
    ("les clients", "customers", "clients"),
    ("les autorisations", "permissions", "autorisations"),
    ("les offres", "offers", "offres"),
    ("les rapports d’utilisation", "usage reports", "rapports"),
    ("les domaines", "domains", "domaines"),
    ("les demandes de support", "support requests", "demandes-support"),
    ("les relations de revendeur", "reseller relationships", "relations-revendeur"),
    ("les paramètres de sécurité", "security settings", "parametres-securite"),
]
AREAS = [
    ("Comptes", "Accounts", "comptes"),
    ("Facturation", "Billing", "facturation"),
    ("Clients", "Customers", "clients"),
    ("Offres", "Offers", "offres"),
    ("Sécurité", "Security", "securite"),
    ("Support", "Support", "support"),
    ("Rapports", "Reports", "rapports"),
    ("Programmes", "Programs", "programmes"),
]
SENTENCES = [
    ("Dans le menu de gauche, sélectionnez **{o}**, puis **{v}**.",
     "In the left menu, select **{O}**, then **{V}**."),
    ("Cette procédure explique comment {v} {o} de votre organisation dans l’Espace partenaires.",
     "This procedure explains how to {V} the {O} of your organization in Partner Center."),
    ("Seuls les administrateurs généraux peuvent {v} {o} pour un client.",
     "Only global admins can {V} {O} for a customer."),
    ("Les modifications peuvent prendre jusqu’à 24 heures avant d’apparaître dans le tableau de bord.",
     "Changes can take up to 24 hours to show in the dashboard."),
    ("Vous pouvez {v} {o} à tout moment, sauf pendant une période de facturation en cours.",
     "You can {V} {O} at any time, except during an open billing period."),
    ("Sélectionnez **Enregistrer** pour appliquer vos modifications.",
     "Select **Save** to apply your changes."),
    ("Un message de confirmation s’affiche lorsque l’opération est terminée.",
     "A confirmation message appears when the operation is complete."),
    ("Pour plus d’informations, consultez la documentation de votre programme partenaire.",
     "For more information, see the documentation of your partner program."),
    ("Le portail enregistre chaque action dans le journal d’activité du compte.",
     "The portal records every action in the account's activity log."),
    ("Si l’option n’est pas disponible, vérifiez que votre compte dispose du rôle approprié.",
     "If the option is not available, check that your account has the right role."),
    ("Les données exportées sont au format CSV et utilisent l’encodage UTF-8.",
     "Exported data is in CSV format and uses UTF-8 encoding."),
    ("Chaque client peut avoir plusieurs abonnements actifs dans différentes devises.",
     "Each customer can have several active subscriptions in different currencies."),
]
ROLES = [("administrateur général", "Global admin"), ("agent d’administration", "Admin agent"),
         ("agent commercial", "Sales agent"), ("administrateur de facturation", "Billing admin")]


class Page:
    """One source: its path, title pair and slug."""

    def __init__(self, idx, rel, fr_title, en_title, section):
        self.idx, self.rel, self.fr_title, self.en_title, self.section = idx, rel, fr_title, en_title, section


# Most sections an area (or a part of one) lists directly.
MAX_SECTIONS = 20


def plan(n, rng):
    """Lays out N sources: index.md, then areas/sections/pages; returns (pages, toc tree)."""
    pages = [Page(0, "index.md", "Documentation de l’Espace partenaires", "Partner Center documentation", None)]
    toc = [{"name": "Accueil", "href": "index.md"}]
    remaining = n - 1
    sections = []
    s = 0
    while remaining > 0:
        size = min(remaining, rng.randint(50, 100))
        sections.append(size)
        remaining -= size
        s += 1
    per_area = max(1, -(-len(sections) // len(AREAS)))
    idx = 1
    area_nodes = {}
    for si, size in enumerate(sections):
        a = si // per_area
        afr, aen, aslug = AREAS[a % len(AREAS)]
        if a >= len(AREAS):
            afr, aen, aslug = f"{afr} {a // len(AREAS) + 1}", f"{aen} {a // len(AREAS) + 1}", f"{aslug}-{a // len(AREAS) + 1}"
        if aslug not in area_nodes:
            area_nodes[aslug] = {"name": afr, "items": []}
            toc.append(area_nodes[aslug])
        ofr, oen, oslug = OBJECTS[si % len(OBJECTS)]
        sec_dir = f"{aslug}/{oslug}-{si + 1}"
        sec_node = {"name": f"{ofr[0].upper()}{ofr[1:]} ({si + 1})", "items": []}
        area_nodes[aslug]["items"].append(sec_node)
        # Sub-groups of ~25 keep the tree nested like real TOCs.
        group = None
        section = []
        for k in range(size):
            vfr, ven, vslug = VERBS[(idx * 7 + k) % len(VERBS)]
            pfr, pen, pslug = OBJECTS[(idx * 3 + k) % len(OBJECTS)]
            rel = f"{sec_dir}/{vslug}-{pslug}-{idx}.md"
            p = Page(idx, rel, f"{vfr} {pfr} ({idx})", f"{ven} {pen} ({idx})", section)
            section.append(p)
            pages.append(p)
            if k % 25 == 0:
                group = {"name": f"Tâches {k // 25 + 1}", "items": []}
                sec_node["items"].append(group)
            group["items"].append({"name": p.fr_title, "href": rel})
            idx += 1
    # An area of more than MAX_SECTIONS sections (N > ~12,000) gets a level of parts of at most
    # MAX_SECTIONS sections each, as large real TOCs nest: without it every page's sidebar listed
    # all its area's sections, so pages grew with N (1.47x larger at N = 100,000) and time per page
    # measured the synthetic site's growth, not the build's scaling. Paths do not change, and sites
    # of up to ~12,000 sources are the same as before.
    for node in area_nodes.values():
        secs = node["items"]
        if len(secs) > MAX_SECTIONS:
            node["items"] = [{"name": f"{node['name']}, partie {j // MAX_SECTIONS + 1}",
                              "items": secs[j:j + MAX_SECTIONS]}
                             for j in range(0, len(secs), MAX_SECTIONS)]
    return pages, toc


def first_href(node):
    """The first page of a TOC node (descending into its first items)."""
    while "href" not in node:
        node = node["items"][0]
    return node["href"]


def relpath(frm, to):
    return os.path.relpath(to, os.path.dirname(frm) or ".").replace(os.sep, "/")


def body(page, pages, seed, seg):
    """The page's Markdown after the front matter; `seg(fr, en)` renders one segment."""
    rng = random.Random(seed * 1_000_003 + page.idx)
    hexid = f"{rng.getrandbits(20):05x}"
    counter = [103]

    def s(fr, en):
        i = counter[0]
        counter[0] += 1
        return seg(f"{hexid}-{i}", fr, en)

    def anchor(text):
        return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())

    vfr, ven, _ = rng.choice(VERBS)
    ofr, oen, _ = rng.choice(OBJECTS)

    def sentence():
        fr, en = rng.choice(SENTENCES)
        v, o = rng.choice(VERBS), rng.choice(OBJECTS)
        return s(fr.format(v=v[0].lower(), o=o[0]), en.format(V=v[1].lower(), O=o[1]))

    def link(target, fr_text, en_text):
        href = relpath(page.rel, target.rel)
        return f"[{fr_text}]({href})", f"[{en_text}]({href})"

    def other():
        if page.section and rng.random() < 0.7:
            return rng.choice(page.section)
        return pages[rng.randrange(len(pages))]

    out = [f"# <a name=\"{anchor(page.en_title)}\"></a>{s(page.fr_title, page.en_title)}", ""]
    r1, r2 = rng.sample(ROLES, 2)
    out += [s(f"**Rôles appropriés** : {r1[0]} | {r2[0]}", f"**Appropriate roles**: {r1[1]} | {r2[1]}"), ""]
    t = other()
    lfr, len_ = link(t, "rôle approprié", "right role")
    out += [" ".join([sentence(),
                      s(f"Vérifiez d’abord que vous avez le {lfr}.", f"First check that you have the {len_}.")]), ""]
    heads = [("Prérequis", "Prerequisites"), ("Étapes", "Steps"), ("Paramètres", "Settings"),
             ("Résolution des problèmes", "Troubleshooting"), ("Limites", "Limits")]
    for h, (hfr, hen) in enumerate(rng.sample(heads, rng.randint(2, 3))):
        out += [f"## <a name=\"{anchor(hen)}\"></a>{s(hfr, hen)}", ""]
        out += [sentence(), ""]
        kind = (h + page.idx) % 3
        if kind == 0:
            for i in range(rng.randint(2, 3)):
                out.append(f"{i + 1}. {sentence()}")
                if i == 1:
                    for _ in range(1):
                        out.append(f"   - {sentence()}")
            out.append("")
        elif kind == 1:
            out += [f"| {s('Paramètre', 'Setting')} | {s('Description', 'Description')} |", "|:---|:---|"]
            for _ in range(rng.randint(2, 3)):
                v, o = rng.choice(VERBS), rng.choice(OBJECTS)
                out.append(f"| {s(f'**{v[0]}**', f'**{v[1]}**')} | {sentence()} |")
            out.append("")
        else:
            for _ in range(rng.randint(2, 3)):
                t = other()
                lfr, len_ = link(t, t.fr_title, t.en_title)
                out.append(f"- {s(f'Pour {vfr.lower()} {ofr}, consultez {lfr}.', f'To {ven.lower()} {oen}, see {len_}.')}")
            out.append("")
        if h == 1:
            out += ["> [!NOTE]", f"> {sentence()}", ""]
    out += [f"## <a name=\"see-also\"></a>{s('Voir aussi', 'See also')}", ""]
    seen = set()
    for _ in range(3):
        t = other()
        if t is page or t.rel in seen:
            continue
        seen.add(t.rel)
        href = relpath(page.rel, t.rel)
        out.append(f"- [{s(t.fr_title, t.en_title)}]({href})")
    out.append("")
    return "\n".join(out), rng


def sxs(id_, fr, en):
    return (f'<span data-ttu-id="{id_}">{fr}</span><span class="sxs-lookup">'
            f'<span data-stu-id="{id_}">{en}</span></span>')


def plain(_id, fr, _en):
    return fr


def front_matter(page, rng):
    month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.randint(2019, 2024)
    return "\n".join([
        "---",
        f"title: {page.fr_title}",
        f"description: Découvrez comment {page.fr_title[0].lower()}{page.fr_title[1:]} dans l’Espace partenaires.",
        f"ms.date: {month:02}/{day:02}/{year}",
        f"ms.topic: {rng.choice(['how-to', 'conceptual', 'article'])}",
        "author: contoso-docs",
        "ms.author: contosodocs",
        f"ms.openlocfilehash: {rng.getrandbits(160):040x}",
        f"ms.sourcegitcommit: {rng.getrandbits(160):040x}",
        f"ms.translationtype: {rng.choice(['HT', 'MT'])}",
        "ms.contentlocale: fr-FR",
        f"ms.lasthandoff: {month:02}/{min(day + 1, 28):02}/{year}",
        f"ms.locfileid: \"{rng.randrange(10**8, 10**9)}\"",
        "---",
        "",
    ]), (year, month, day)


def toc_yaml(nodes, indent=0):
    pad = " " * indent
    lines = []
    for n in nodes:
        name = n["name"].replace('"', '\\"')
        lines.append(f'{pad}- name: "{name}"')
        if "href" in n:
            lines.append(f"{pad}  href: {n['href']}")
        if "items" in n:
            lines.append(f"{pad}  items:")
            lines += toc_yaml(n["items"], indent + 4)
    return lines


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>{{ end }}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of side-by-side sources (pages per language)")
    ap.add_argument("out", help="output folder (replaced)")
    ap.add_argument("--hugo", action="store_true", help="also write OUT/hugo/, the same pages for Hugo")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if a.n < 1:
        ap.error("N must be at least 1")
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    pages, toc = plan(a.n, random.Random(a.seed))
    root = os.path.join(a.out, "content", "fr-fr")
    hugo = os.path.join(a.out, "hugo")
    total = 0
    for p in pages:
        text, rng = body(p, pages, a.seed, sxs)
        fm, (y, m, d) = front_matter(p, rng)
        if p.idx == 0:
            areas = [n for n in toc if "items" in n]
            text += "\n" + "\n".join(
                f"- [{sxs(f'00000-{900 + i}', n['name'], n['name'])}]({first_href(n)})"
                for i, n in enumerate(areas)) + "\n"
        write(os.path.join(root, p.rel), fm + text)
        total += len(fm) + len(text)
        if a.hugo:
            htext, _ = body(p, pages, a.seed, plain)
            # The heading is the layout's <h1>; drop the source's, keep the rest as written.
            htext = htext.split("\n", 2)[2]
            hfm = (f"---\ntitle: \"{p.fr_title}\"\ndate: {y:04}-{m:02}-{d:02}\n"
                   f"description: \"Découvrez comment {p.fr_title.lower()}.\"\n---\n")
            hrel = "_index.md" if p.idx == 0 else p.rel
            write(os.path.join(hugo, "content", hrel), hfm + htext)
    write(os.path.join(root, "TOC.yml"), "\n".join(toc_yaml(toc)) + "\n")
    write(os.path.join(a.out, "tandem.toml"), "\n".join([
        'title = "Synthetic Partner Help"',
        'base_url = "https://bench.example"',
        'source_language = "en-us"',
        "",
        "[languages]",
        'en-us = "English"',
        'fr-fr = "Français"',
        "",
    ]))
    if a.hugo:
        write(os.path.join(hugo, "config.toml"), "\n".join([
            'baseURL = "https://bench.example/"',
            'title = "Synthetic Partner Help"',
            'languageCode = "fr-fr"',
            'disableKinds = ["taxonomy", "term", "RSS"]',
            "[markup.goldmark.renderer]",
            "unsafe = true",
            "",
        ]))
        layouts = os.path.join(hugo, "layouts", "_default")
        write(os.path.join(layouts, "baseof.html"), HUGO_BASEOF)
        write(os.path.join(layouts, "single.html"), HUGO_SINGLE)
        write(os.path.join(layouts, "list.html"), HUGO_SINGLE)
    print(f"{a.n} sources, {total / a.n / 1024:.1f} KiB of Markdown per source on average, in {a.out}")


if __name__ == "__main__":
    main()
