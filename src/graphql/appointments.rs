//! Upcoming appointments as a Relay connection.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{ID, SimpleObject};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::enums::{AppointmentStatus, BookingSource};
use super::metrics::{GroupType, Shaped};
use crate::dashboard::MetricQuery;
use crate::db::appointments::{AppointmentRow, PagePosition, UpcomingPage};
use crate::error::{Error, Result};

/// Where a page ends: an appointment's start (microseconds since the epoch) and id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Position {
    at: i64,
    id: String,
}

/// Appointments in the window beyond this page's edges.
#[derive(Debug, Clone, SimpleObject)]
pub struct UpcomingTotals {
    /// Booked appointments in the whole window, across all pages.
    pub total_count: i64,
}

/// A page of appointments.
pub type AppointmentConnection = Connection<OpaqueCursor<Position>, Appointment, UpcomingTotals, EmptyFields>;

/// An appointment.
#[derive(Debug, Clone, SimpleObject)]
pub struct Appointment {
    /// The appointment's id.
    id: ID,
    /// The patient's id.
    patient_id: ID,
    /// When it starts.
    starts_at: DateTime<Utc>,
    /// When it ends, when the sync knows.
    ends_at: Option<DateTime<Utc>>,
    /// Its status.
    status: AppointmentStatus,
    /// Who or what booked it.
    source: BookingSource,
    /// The kind of visit, as the practice names it.
    appointment_type: Option<String>,
    /// The practitioner's id.
    practitioner_id: Option<ID>,
    /// The practitioner's name, when the sync has written a practitioner with that id; else null (show the id).
    practitioner_name: Option<String>,
}

impl From<&AppointmentRow> for Appointment {
    fn from(row: &AppointmentRow) -> Self {
        Self {
            id: ID(row.id.clone()),
            patient_id: ID(row.patient_id.clone()),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            status: row.status.into(),
            source: row.source.into(),
            appointment_type: row.appointment_type.clone(),
            practitioner_id: row.practitioner_id.clone().map(ID),
            practitioner_name: row.practitioner_name.clone(),
        }
    }
}

/// The position an `after` cursor names; BAD_USER_INPUT when it is not one this API made.
pub fn position_after(after: Option<&str>) -> Result<Option<PagePosition>> {
    let Some(after) = after else {
        return Ok(None);
    };
    let invalid = || Error::BadUserInput("`after` is not a cursor returned by this API".into());
    let cursor = <OpaqueCursor<Position> as async_graphql::connection::CursorType>::decode_cursor(after)
        .map_err(|_| invalid())?;
    // Cursors this API made point between 1970 and 2100 (where asOf may be): anything else is forged.
    let starts_at = DateTime::from_timestamp_micros(cursor.at)
        .filter(|at| (0..4_110_000_000).contains(&at.timestamp()))
        .ok_or_else(invalid)?;
    Ok(Some(PagePosition {
        starts_at,
        id: cursor.0.id,
    }))
}

impl GroupType for AppointmentConnection {
    type Figures = UpcomingPage;

    fn shape(shaped: Shaped<'_, UpcomingPage>) -> Self {
        let after_given = matches!(shaped.query, MetricQuery::Upcoming(upcoming) if upcoming.after.is_some());
        connection(shaped.figures, after_given)
    }
}

/// A page as a connection.
fn connection(page: &UpcomingPage, after_given: bool) -> AppointmentConnection {
    let mut connection = Connection::with_additional_fields(
        after_given,
        page.has_next_page,
        UpcomingTotals {
            total_count: page.total_count,
        },
    );
    connection.edges = page
        .appointments
        .iter()
        .map(|row| {
            let cursor = OpaqueCursor(Position {
                at: row.starts_at.timestamp_micros(),
                id: row.id.clone(),
            });
            Edge::new(cursor, Appointment::from(row))
        })
        .collect();
    connection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_this_api_did_not_make_is_bad_user_input() {
        assert!(matches!(
            position_after(Some("not-a-cursor")),
            Err(Error::BadUserInput(_))
        ));
        assert_eq!(position_after(None).unwrap(), None);
    }
}
