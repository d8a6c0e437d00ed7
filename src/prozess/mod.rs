//! The case processes of the register, one folder each. A process owns its events, its
//! case state, its rules (decide), how events change the state (apply), its deadlines and
//! its figures. Storage and output know none of this.

pub mod optima;
