//! The data in scope while rendering: the root, then each section's value.

use crate::template::expr::{Arg, Meta, Path, ValueExpr};
use crate::template::filters::scalar_text;
use serde_json::Value;

/// Position of the current item in a repeated section.
#[derive(Debug, Clone)]
struct Item {
    name: String,
    index: usize,
    len: usize,
}

struct Frame<'d> {
    value: &'d Value,
    item: Option<Item>,
}

/// A stack of scopes, innermost last.
pub(super) struct Scopes<'d> {
    frames: Vec<Frame<'d>>,
}

impl<'d> Scopes<'d> {
    pub fn new(root: &'d Value) -> Self {
        Scopes {
            frames: vec![Frame {
                value: root,
                item: None,
            }],
        }
    }

    pub fn push(&mut self, value: &'d Value) {
        self.frames.push(Frame { value, item: None });
    }

    pub fn push_item(&mut self, value: &'d Value, name: &str, index: usize, len: usize) {
        self.frames.push(Frame {
            value,
            item: Some(Item {
                name: name.to_string(),
                index,
                len,
            }),
        });
    }

    pub fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    /// Looks a path up: the first name from the innermost scope that has it,
    /// the rest inside that value.
    pub fn lookup(&self, path: &Path) -> Option<&'d Value> {
        match path {
            Path::Dot => self.frames.last().map(|f| f.value),
            Path::Meta(_) => None,
            Path::Names(names) => {
                let (first, rest) = names.split_first()?;
                let found = self
                    .frames
                    .iter()
                    .rev()
                    .find_map(|f| f.value.as_object().and_then(|o| o.get(first)))?;
                rest.iter()
                    .try_fold(found, |v, name| v.as_object()?.get(name))
            }
        }
    }

    /// `@stt`, `@dau`, `@cuoi` of the innermost repeated section.
    pub fn meta(&self, meta: Meta) -> Option<Value> {
        let item = self.frames.iter().rev().find_map(|f| f.item.as_ref())?;
        Some(match meta {
            Meta::Stt => Value::from(item.index + 1),
            Meta::Dau => Value::Bool(item.index == 0),
            Meta::Cuoi => Value::Bool(item.index + 1 == item.len),
        })
    }

    /// The text of a value tag here: its value looked up, each filter
    /// applied with its arguments; the error says why there is none.
    pub fn evaluate(&self, expr: &ValueExpr) -> Result<String, String> {
        let mut value = match &expr.path {
            Path::Meta(m) => self
                .meta(*m)
                .ok_or_else(|| format!("{} chỉ dùng được bên trong một danh sách", expr.path))?,
            path => match self.lookup(path) {
                None | Some(Value::Null) => return Err("không có giá trị trong dữ liệu".into()),
                Some(v) => v.clone(),
            },
        };
        for call in &expr.filters {
            let args = call
                .args
                .iter()
                .map(|a| self.arg(a))
                .collect::<Result<Vec<_>, _>>()?;
            value = call
                .filter
                .apply(&value, &args)
                .map_err(|e| format!("bộ lọc {}: {e}", call.filter.name()))?;
        }
        scalar_text(&value)
    }

    fn arg(&self, arg: &Arg) -> Result<Value, String> {
        match arg {
            Arg::Number(n) => Ok(serde_json::Number::from_f64(*n)
                .map(Value::Number)
                .unwrap_or(Value::Null)),
            Arg::Str(s) => Ok(Value::String(s.clone())),
            Arg::Path(Path::Meta(m)) => self
                .meta(*m)
                .ok_or_else(|| "@ chỉ dùng trong danh sách".to_string()),
            Arg::Path(p) => match self.lookup(p) {
                None | Some(Value::Null) => Err(format!("thiếu {p} trong dữ liệu")),
                Some(v) => Ok(v.clone()),
            },
        }
    }

    /// The list items leading here, e.g. `muc[2] > hoat_dong[3]` (1-based).
    pub fn trail(&self) -> String {
        self.frames
            .iter()
            .filter_map(|f| f.item.as_ref())
            .map(|i| format!("{}[{}]", i.name, i.index + 1))
            .collect::<Vec<_>>()
            .join(" > ")
    }
}

/// Whether a section renders: `false`, `null`, missing, `[]` and `""` do not; `0` does.
pub fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(s: &str) -> Path {
        Path::Names(s.split('.').map(String::from).collect())
    }

    #[test]
    fn inner_scope_first_then_outer() {
        let root = json!({"ten": "ngoài", "nguoi_ky": {"ho_ten": "A"}, "ds": [{"ten": "trong"}]});
        let mut s = Scopes::new(&root);
        let item = &root["ds"][0];
        s.push_item(item, "ds", 0, 1);
        assert_eq!(s.lookup(&names("ten")), Some(&json!("trong")));
        assert_eq!(s.lookup(&names("nguoi_ky.ho_ten")), Some(&json!("A")));
        assert_eq!(s.lookup(&names("nguoi_ky.x")), None);
        assert_eq!(s.meta(Meta::Stt), Some(json!(1)));
        assert_eq!(s.meta(Meta::Cuoi), Some(json!(true)));
        assert_eq!(s.trail(), "ds[1]");
        s.pop();
        assert_eq!(s.lookup(&names("ten")), Some(&json!("ngoài")));
        assert_eq!(s.meta(Meta::Stt), None);
    }

    #[test]
    fn truthiness_follows_the_language_rules() {
        assert!(!truthy(None));
        assert!(!truthy(Some(&json!(null))));
        assert!(!truthy(Some(&json!(false))));
        assert!(!truthy(Some(&json!(""))));
        assert!(!truthy(Some(&json!([]))));
        assert!(truthy(Some(&json!(0))));
        assert!(truthy(Some(&json!({}))));
        assert!(truthy(Some(&json!("x"))));
    }
}
