//! Members' local times, from the IANA zone in their profile.

use chrono::{NaiveDateTime, Offset, TimeZone};

/// The zone's offset from UTC at `now`, in minutes; `None` for a zone
/// that is empty or unknown.
pub fn utc_offset(zone: &str, now: NaiveDateTime) -> Option<i32> {
    let zone: chrono_tz::Tz = zone.trim().parse().ok()?;
    Some(zone.offset_from_utc_datetime(&now).fix().local_minus_utc() / 60)
}

/// The local time in `zone` at `now` ("14:05").
pub fn local_time(zone: &str, now: NaiveDateTime) -> Option<String> {
    let offset = utc_offset(zone, now)?;
    let local = now + chrono::Duration::minutes(offset.into());
    Some(local.format("%H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_the_zone_and_its_summer_time() {
        let winter = chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let summer = chrono::NaiveDate::from_ymd_opt(2026, 7, 15)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(utc_offset("Europe/Berlin", winter), Some(60));
        assert_eq!(utc_offset("Europe/Berlin", summer), Some(120));
        assert_eq!(utc_offset("Asia/Kolkata", winter), Some(330));
        assert_eq!(utc_offset("Mars/Olympus", winter), None);
        assert_eq!(utc_offset("", winter), None);
        assert_eq!(local_time("Asia/Tokyo", winter).as_deref(), Some("21:00"));
    }
}
