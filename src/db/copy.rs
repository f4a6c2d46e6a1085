//! PostgreSQL's binary COPY format: the fastest way to load generated rows.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::error::StartupError;

type Result<T> = std::result::Result<T, StartupError>;

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";
const CHUNK_BYTES: usize = 1 << 20;

/// Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
const POSTGRES_EPOCH_MICROS: i64 = 946_684_800_000_000;
/// Days from 0001-01-01 (day 1 of the common era) to 2000-01-01.
const POSTGRES_EPOCH_DAYS_FROM_CE: i32 = 730_120;

/// Rows encoded in PostgreSQL's binary COPY format, ready to send.
pub struct BinaryRows {
    buf: Vec<u8>,
    rows: u64,
}

impl Default for BinaryRows {
    fn default() -> Self {
        Self::new()
    }
}

impl BinaryRows {
    /// An empty batch with the format's header.
    pub fn new() -> Self {
        let mut buf = Vec::with_capacity(CHUNK_BYTES);
        buf.extend_from_slice(SIGNATURE);
        buf.extend_from_slice(&0i32.to_be_bytes());
        buf.extend_from_slice(&0i32.to_be_bytes());
        Self { buf, rows: 0 }
    }

    /// Starts a row of `fields` values; the values follow in column order.
    pub fn row(&mut self, fields: i16) -> &mut Self {
        self.rows += 1;
        self.buf.extend_from_slice(&fields.to_be_bytes());
        self
    }

    /// A text value.
    pub fn text(&mut self, value: &str) -> &mut Self {
        self.field(value.as_bytes())
    }

    /// A bigint value.
    pub fn bigint(&mut self, value: i64) -> &mut Self {
        self.field(&value.to_be_bytes())
    }

    /// A boolean value.
    pub fn boolean(&mut self, value: bool) -> &mut Self {
        self.field(&[u8::from(value)])
    }

    /// A date value.
    pub fn date(&mut self, value: NaiveDate) -> &mut Self {
        let days = chrono::Datelike::num_days_from_ce(&value) - POSTGRES_EPOCH_DAYS_FROM_CE;
        self.field(&days.to_be_bytes())
    }

    /// A timestamptz value.
    pub fn timestamp(&mut self, value: DateTime<Utc>) -> &mut Self {
        let micros = value.timestamp_micros() - POSTGRES_EPOCH_MICROS;
        self.field(&micros.to_be_bytes())
    }

    /// A timestamptz value or NULL.
    pub fn optional_timestamp(&mut self, value: Option<DateTime<Utc>>) -> &mut Self {
        match value {
            Some(value) => self.timestamp(value),
            None => self.null(),
        }
    }

    /// A NULL value.
    pub fn null(&mut self) -> &mut Self {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
        self
    }

    /// How many rows were written.
    pub fn len(&self) -> u64 {
        self.rows
    }

    /// True when no row was written.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn field(&mut self, bytes: &[u8]) -> &mut Self {
        let len = i32::try_from(bytes.len()).expect("a COPY field is far below 2 GiB");
        self.buf.extend_from_slice(&len.to_be_bytes());
        self.buf.extend_from_slice(bytes);
        self
    }

    /// Streams the rows into `table (columns)` with COPY; returns the rows PostgreSQL stored.
    pub async fn copy_into(mut self, conn: &mut PgConnection, table: &str, columns: &str) -> Result<u64> {
        if self.is_empty() {
            return Ok(0);
        }
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        let statement = format!("copy {table} ({columns}) from stdin with (format binary)");
        let mut copy = conn.copy_in_raw(&statement).await?;
        for chunk in self.buf.chunks(CHUNK_BYTES) {
            copy.send(chunk).await?;
        }
        Ok(copy.finish().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_epoch_encodes_as_zero() {
        let mut rows = BinaryRows::new();
        let header_len = rows.buf.len();

        rows.row(2)
            .timestamp("2000-01-01T00:00:00Z".parse().unwrap())
            .date(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());

        let encoded = &rows.buf[header_len..];
        assert_eq!(&encoded[..2], &2i16.to_be_bytes());
        assert_eq!(&encoded[2..6], &8i32.to_be_bytes());
        assert_eq!(&encoded[6..14], &0i64.to_be_bytes());
        assert_eq!(&encoded[14..18], &4i32.to_be_bytes());
        assert_eq!(&encoded[18..22], &0i32.to_be_bytes());
        assert_eq!(rows.len(), 1);
    }
}
