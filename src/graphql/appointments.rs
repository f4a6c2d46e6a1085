//! Upcoming appointments as a Relay connection.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::contract::{AppointmentStatus, BookingSource};
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
pub struct Appointment(pub AppointmentRow);

/// An appointment.
#[Object]
impl Appointment {
    /// The appointment's id.
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The patient's id.
    async fn patient_id(&self) -> ID {
        ID(self.0.patient_id.clone())
    }

    /// When it starts.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }

    /// When it ends, when the sync knows.
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.ends_at
    }

    /// Its status.
    async fn status(&self) -> AppointmentStatus {
        self.0.status
    }

    /// Who or what booked it.
    async fn source(&self) -> BookingSource {
        self.0.source
    }

    /// The kind of visit, as the practice names it.
    async fn appointment_type(&self) -> Option<&str> {
        self.0.appointment_type.as_deref()
    }

    /// The practitioner's id.
    async fn practitioner_id(&self) -> Option<ID> {
        self.0.practitioner_id.clone().map(ID)
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

/// A page as a connection.
pub fn connection(page: &UpcomingPage, after_given: bool) -> AppointmentConnection {
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
            Edge::new(cursor, Appointment(row.clone()))
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
