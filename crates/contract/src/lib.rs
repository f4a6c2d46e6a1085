//! The vocabulary of the data contract (docs/DATA_CONTRACT.md): the values the sync may write, shared by the service
//! (which shows them through its APIs) and the seed generator (which writes them).

/// An appointment's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentStatus {
    /// Scheduled, not yet attended.
    Booked,
    /// Attended (and billed).
    Completed,
    /// Called off before it started.
    Cancelled,
    /// The patient did not attend.
    NoShow,
}

impl AppointmentStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Booked, Self::Completed, Self::Cancelled, Self::NoShow];

    /// The status a stored value names.
    pub fn from_stored(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// The value stored in `appointments.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }
}

/// Who or what made an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookingSource {
    /// Reception staff.
    Manual,
    /// The patient, through online booking.
    Online,
    /// The AI receptionist.
    AiAgent,
    /// An automated re-engagement campaign.
    Automation,
}

impl BookingSource {
    /// Every source.
    pub const ALL: [Self; 4] = [Self::Manual, Self::Online, Self::AiAgent, Self::Automation];

    /// The source a stored value names.
    pub fn from_stored(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|source| source.as_str() == value)
    }

    /// The value stored in `appointments.source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Online => "online",
            Self::AiAgent => "ai_agent",
            Self::Automation => "automation",
        }
    }
}

/// How an outreach attempt reached the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutreachChannel {
    /// Text message.
    Sms,
    /// Email.
    Email,
    /// Phone call.
    Call,
    /// Chat conversation.
    Chat,
}

impl OutreachChannel {
    /// The value stored in `outreach_attempts.channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Email => "email",
            Self::Call => "call",
            Self::Chat => "chat",
        }
    }
}

/// What came of an outreach attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutreachOutcome {
    /// Sent, no delivery report yet.
    Pending,
    /// Delivered, no reply.
    Delivered,
    /// The patient replied.
    Responded,
    /// The patient booked an appointment.
    Booked,
    /// Could not be delivered.
    Failed,
}

impl OutreachOutcome {
    /// The value stored in `outreach_attempts.outcome`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Responded => "responded",
            Self::Booked => "booked",
            Self::Failed => "failed",
        }
    }
}
