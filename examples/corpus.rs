//! A deterministic corpus of connector definitions for benchmarks.
//!
//! ```text
//! cargo run --release --example corpus -- DIR N [SEED]     N request bodies, ~2–4 KB each
//! cargo run --release --example corpus -- --large FILE [MB] [logo|settings]
//! ```
//!
//! Files look like real definitions: a base64 PNG or SVG logo of about 2 KB, Cyrillic title
//! and description, 2–8 settings; about 30% carry one or more errors of different kinds.

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn png_logo(rng: &mut Rng, bytes: usize) -> String {
    let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x20\0\0\0\x20\x08\x06\0\0\0".to_vec();
    data.extend((0..bytes).map(|_| rng.below(256) as u8));
    format!("data:image/png;base64,{}", base64(&data))
}

fn svg_logo(rng: &mut Rng) -> String {
    let mut svg = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">"#,
    );
    for _ in 0..12 {
        let _ = write!(
            svg,
            r##"<circle cx="{}" cy="{}" r="{}" fill="#{:06X}"/>"##,
            rng.below(64),
            rng.below(64),
            1 + rng.below(20),
            rng.below(0xFF_FFFF)
        );
    }
    svg.push_str("</svg>");
    format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes()))
}

const WORDS: &[&str] = &[
    "Склад",
    "Продажи",
    "Отчёт",
    "Клиенты",
    "Заказы",
    "Остатки",
    "Финансы",
    "Маркетинг",
];

fn definition(rng: &mut Rng, i: u64) -> String {
    let word = |rng: &mut Rng| WORDS[rng.below(WORDS.len() as u64) as usize];
    let host = format!("bi{}.example.com", i % 97);
    let mut fields = serde_json::Map::new();
    let title = format!("{} и {} №{i}", word(rng), word(rng));
    fields.insert("title".into(), title.into());
    fields.insert(
        "description".into(),
        format!(
            "Выгрузка данных «{}» для BI Builder: таблицы, поля и значения за период",
            word(rng)
        )
        .into(),
    );
    let logo = if rng.below(3) == 0 {
        svg_logo(rng)
    } else {
        png_logo(rng, 1400)
    };
    fields.insert("logo".into(), logo.into());
    fields.insert("sort".into(), (100 + rng.below(900)).into());
    for (key, path) in [
        ("urlCheck", "check"),
        ("urlTableList", "tables"),
        ("urlTableDescription", "describe"),
        ("urlData", "data"),
    ] {
        fields.insert(key.into(), format!("https://{host}/api/v1/{path}").into());
    }
    let n = 2 + rng.below(7);
    let settings: Vec<serde_json::Value> = (0..n)
        .map(|k| serde_json::json!({"name": format!("Параметр {k}"), "code": format!("param_{k}"), "type": if k % 3 == 2 { "INT" } else { "STRING" }}))
        .collect();
    fields.insert("settings".into(), settings.into());
    // About 30% carry one or two errors of different kinds.
    if rng.below(10) < 3 {
        for _ in 0..=rng.below(2) {
            match rng.below(8) {
                0 => {
                    let v = fields.remove("urlCheck").unwrap_or_default();
                    fields.insert("url_check".into(), v);
                }
                1 => {
                    fields.remove("logo");
                }
                2 => {
                    fields.insert("title".into(), "".into());
                }
                3 => {
                    fields.insert("sort".into(), "много".into());
                }
                4 => fields["settings"][0]["type"] = "string".into(),
                5 => {
                    let item = fields["settings"][0].as_object_mut().unwrap();
                    let name = item.remove("name").unwrap_or_default();
                    item.insert("NAME".into(), name);
                }
                6 => fields
                    .insert("urlData".into(), format!("http://{host}/data").into())
                    .map_or((), |_| ()),
                _ => fields["settings"][1]["code"] = "param_0".into(),
            }
        }
    }
    serde_json::to_string_pretty(&serde_json::json!({ "fields": fields })).unwrap()
}

fn large(path: &Path, megabytes: usize, kind: &str) {
    let mut rng = Rng(0x5EED);
    let target = megabytes * 1_000_000;
    let body = if kind == "settings" {
        let mut items = Vec::new();
        let mut size = 0;
        let mut k = 0;
        while size < target {
            let item = serde_json::json!({"name": format!("Параметр номер {k} для выгрузки"), "code": format!("param_{k}"), "type": "STRING"});
            size += item.to_string().len() + 1;
            items.push(item);
            k += 1;
        }
        let mut fields: serde_json::Value = serde_json::from_str(&definition(&mut rng, 1)).unwrap();
        fields["fields"]["settings"] = items.into();
        fields.to_string()
    } else {
        let mut fields: serde_json::Value = serde_json::from_str(&definition(&mut rng, 1)).unwrap();
        fields["fields"]["logo"] = png_logo(&mut rng, target * 3 / 4).into();
        fields.to_string()
    };
    std::fs::write(path, body).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, file, rest @ ..] if flag == "--large" => {
            let mb = rest.first().and_then(|m| m.parse().ok()).unwrap_or(50);
            let kind = rest.get(1).map_or("logo", String::as_str);
            large(Path::new(file), mb, kind);
        }
        [dir, n, rest @ ..] => {
            let n: u64 = n.parse().expect("N is a number");
            let seed: u64 = rest.first().and_then(|s| s.parse().ok()).unwrap_or(42);
            let mut rng = Rng(seed.max(1));
            std::fs::create_dir_all(dir).unwrap();
            for i in 0..n {
                let text = definition(&mut rng, i);
                std::fs::write(Path::new(dir).join(format!("connector-{i:05}.json")), text)
                    .unwrap();
            }
        }
        _ => {
            eprintln!("usage: corpus DIR N [SEED] | corpus --large FILE [MB] [logo|settings]");
            std::process::exit(2);
        }
    }
}
