use crate::text_enum::text_enum;

text_enum! {
    /// Where an event takes place.
    #[derive(Default)]
    pub enum EventFormat {
        #[default]
        InPerson => "in_person", "In person";
        Online => "online", "Online";
        Both => "both", "In person and online";
    }
}

impl EventFormat {
    pub fn has_place(self) -> bool {
        matches!(self, EventFormat::InPerson | EventFormat::Both)
    }

    pub fn is_online(self) -> bool {
        matches!(self, EventFormat::Online | EventFormat::Both)
    }
}

/// Who may attend: the audience of the space's items.
pub use crate::programs::Audience;

text_enum! {
    pub enum EventState {
        Scheduled => "scheduled", "Scheduled";
        Cancelled => "cancelled", "Cancelled";
    }
}

text_enum! {
    /// A member's place at an event.
    pub enum RegistrationStatus {
        Registered => "registered", "Registered";
        Waitlisted => "waitlisted", "On the waitlist";
        Cancelled => "cancelled", "Cancelled";
        Attended => "attended", "Attended";
        NoShow => "no_show", "Did not come";
    }
}

impl RegistrationStatus {
    /// Holds one of the event's places (what the capacity counts; a
    /// no-show kept theirs).
    pub fn takes_place(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Registered
                | RegistrationStatus::Attended
                | RegistrationStatus::NoShow
        )
    }

    /// Registered or waitlisted: hears of changes to the event.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Registered | RegistrationStatus::Waitlisted
        )
    }
}
