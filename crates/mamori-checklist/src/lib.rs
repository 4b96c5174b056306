//! The MHLW cyber-security checklist (editions R5, R6, R7 and the guideline 6.0 checks)
//! and the 9-area self-assessment of the MHLW training material, as data, answered from
//! the ledger where the ledger can answer and by hand where it cannot.
//!
//! Flow: [`catalogue`] (embedded `data/checklists.json`) → [`evaluate`] runs the evidence
//! rules an edition's items name ([`rules`]) on a ledger loaded as of a date, adds the
//! latest manual answers, builds one vendor sheet per contracted vendor and scores the
//! self-assessment → [`Report`].
//!
//! Architecture invariant: pure (no IO, no clock). Items refer to rules by id, so a new
//! edition is a data change; a rule reads mamori-core's data gaps where they exist.

mod answers;
mod catalogue;
mod due;
mod form_svg;
mod report;
pub mod rules;
mod self_assessment;
mod xlsx;

pub use answers::{AnswerError, AnswerValue, ManualAnswer, fiscal_year_of, validate_answer};
pub use catalogue::{
    Audience, CATALOGUE_FORMAT, Catalogue, CatalogueError, Edition, EditionKind, Item, ItemStatus,
    Verification, catalogue,
};
pub use due::{DueItem, due_items};
pub use form_svg::{PAGE_HEIGHT, PAGE_WIDTH, report_svg_pages};
pub use report::{
    AnswerSource, ItemProblem, ItemResult, Report, Summary, VendorSheet, evaluate,
    evaluate_vendor_sheets,
};
pub use rules::{DeviceScope, Evidence, Failure, Outcome, Reason, Rule, RuleRef, RuleResult};
pub use self_assessment::{
    Area, AreaCheck, AreaScore, Control, SelfAssessment, Subject, score_areas, self_assessment,
};
pub use xlsx::report_xlsx;
