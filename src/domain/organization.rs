//! Provider organizations and the regions and districts they are in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::catalog::{ProviderKind, Text};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: Text,
    pub districts: BTreeMap<String, Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub code: String,
    pub kind: ProviderKind,
    pub name: Text,
    pub region: String,
    pub district: String,
    pub address: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub regions: BTreeMap<String, Region>,
    pub organizations: Vec<Organization>,
}

impl Directory {
    /// Parses the directory; every organization must name a known region and district, and
    /// codes must be unique.
    pub fn parse(source: &str) -> Result<Directory, String> {
        let dir: Directory = toml::from_str(source).map_err(|e| e.message().to_string())?;
        let mut codes = std::collections::HashSet::new();
        for (i, o) in dir.organizations.iter().enumerate() {
            let region = dir
                .regions
                .get(&o.region)
                .ok_or_else(|| format!("organizations[{i}].region: unknown region {}", o.region))?;
            if !region.districts.contains_key(&o.district) {
                return Err(format!(
                    "organizations[{i}].district: unknown district {}",
                    o.district
                ));
            }
            if !codes.insert(o.code.as_str()) {
                return Err(format!("organizations[{i}].code: {} is used twice", o.code));
            }
        }
        Ok(dir)
    }

    pub fn region_name(&self, region: &str) -> Option<&Text> {
        self.regions.get(region).map(|r| &r.name)
    }

    pub fn district_name(&self, region: &str, district: &str) -> Option<&Text> {
        self.regions.get(region)?.districts.get(district)
    }
}
