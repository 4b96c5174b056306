//! The 9-area self-assessment of seed 003 chapter 4: subject (organisation / system /
//! staff) × control (corrective / detective / preventive), each area with the example
//! checks and countermeasures of the training material, scored from evidence rules and
//! manual answers; the weakest area bounds the whole, so the weakest come first.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerValue, ManualAnswer};
use crate::catalogue::CatalogueError;
use crate::rules::{Outcome, RuleRef, RuleResult};

const SELF_ASSESSMENT_JSON: &str = include_str!("../data/self_assessment.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    pub format: String,
    pub source: String,
    pub verbatim: bool,
    pub areas: Vec<Area>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// 組織的 (経営層)
    Organisation,
    /// システムの (システム管理者)
    System,
    /// 人的 (一般職員・医療従事者)
    Staff,
}

impl Subject {
    pub fn code(self) -> &'static str {
        match self {
            Subject::Organisation => "organisation",
            Subject::System => "system",
            Subject::Staff => "staff",
        }
    }
}

impl Control {
    pub fn code(self) -> &'static str {
        match self {
            Control::Corrective => "corrective",
            Control::Detective => "detective",
            Control::Preventive => "preventive",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    /// 是正的
    Corrective,
    /// 発見的
    Detective,
    /// 予防的
    Preventive,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub number: u8,
    pub subject: Subject,
    pub control: Control,
    pub question_ja: String,
    pub question_en: String,
    pub checks: Vec<AreaCheck>,
    /// Evidence rules that speak for the area.
    pub rules: Vec<RuleRef>,
}

/// 確認項目 and 対策例.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaCheck {
    pub id: String,
    pub text_ja: String,
    pub countermeasure_ja: String,
}

impl SelfAssessment {
    pub fn parse(text: &str) -> Result<SelfAssessment, CatalogueError> {
        let parsed: SelfAssessment =
            serde_json::from_str(text).map_err(|e| CatalogueError::Parse(e.to_string()))?;
        if parsed.format != "mamori-self-assessment/1" {
            return Err(CatalogueError::Format(parsed.format));
        }
        let mut ids = std::collections::HashSet::new();
        for check in parsed.areas.iter().flat_map(|a| &a.checks) {
            if !ids.insert(check.id.as_str()) {
                return Err(CatalogueError::DuplicateItem(check.id.clone()));
            }
        }
        Ok(parsed)
    }

    /// The check with this id (`SA-4-a`).
    pub fn check(&self, id: &str) -> Option<(&Area, &AreaCheck)> {
        self.areas.iter().find_map(|area| {
            area.checks
                .iter()
                .find(|check| check.id == id)
                .map(|check| (area, check))
        })
    }
}

/// The embedded self-assessment, parsed once.
pub fn self_assessment() -> Result<&'static SelfAssessment, CatalogueError> {
    static PARSED: OnceLock<Result<SelfAssessment, CatalogueError>> = OnceLock::new();
    PARSED
        .get_or_init(|| SelfAssessment::parse(SELF_ASSESSMENT_JSON))
        .as_ref()
        .map_err(Clone::clone)
}

/// One area's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaScore {
    pub number: u8,
    pub subject: Subject,
    pub control: Control,
    pub question_ja: String,
    /// Percentage of applicable checks and rules that hold; `None` when nothing applies.
    pub score: Option<u8>,
    pub holding: usize,
    pub failing: usize,
    pub unanswered: usize,
    pub checks: Vec<AreaCheckResult>,
    pub rules: Vec<AreaRuleResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCheckResult {
    pub id: String,
    pub text_ja: String,
    pub countermeasure_ja: String,
    pub answer: Option<AnswerValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaRuleResult {
    pub rule: RuleRef,
    pub outcome: Outcome,
    pub failing_records: usize,
}

/// Scores every area from rule results (looked up by `result_of`) and the latest manual
/// answers; the weakest area first (unscored areas last, then by number).
pub fn score_areas(
    assessment: &SelfAssessment,
    result_of: &mut dyn FnMut(RuleRef) -> RuleResult,
    answers: &[ManualAnswer],
) -> Vec<AreaScore> {
    let mut scores: Vec<AreaScore> = assessment
        .areas
        .iter()
        .map(|area| score_area(area, result_of, answers))
        .collect();
    scores.sort_by_key(|area| (area.score.is_none(), area.score, area.number));
    scores
}

fn score_area(
    area: &Area,
    result_of: &mut dyn FnMut(RuleRef) -> RuleResult,
    answers: &[ManualAnswer],
) -> AreaScore {
    let checks: Vec<AreaCheckResult> = area
        .checks
        .iter()
        .map(|check| AreaCheckResult {
            id: check.id.clone(),
            text_ja: check.text_ja.clone(),
            countermeasure_ja: check.countermeasure_ja.clone(),
            answer: answers
                .iter()
                .find(|a| a.item_id == check.id && a.vendor_id.is_none())
                .map(|a| a.answer),
        })
        .collect();
    let rules: Vec<AreaRuleResult> = area
        .rules
        .iter()
        .map(|&rule| {
            let result = result_of(rule);
            AreaRuleResult {
                rule,
                outcome: result.outcome,
                failing_records: result.failures.len(),
            }
        })
        .collect();
    let mut holding = 0;
    let mut failing = 0;
    let mut unanswered = 0;
    for answer in checks.iter().map(|c| c.answer) {
        match answer {
            Some(AnswerValue::Yes) => holding += 1,
            Some(AnswerValue::No) => failing += 1,
            Some(AnswerValue::NotApplicable) => {}
            None => unanswered += 1,
        }
    }
    for outcome in rules.iter().map(|r| r.outcome) {
        match outcome {
            Outcome::Pass => holding += 1,
            Outcome::Fail => failing += 1,
            Outcome::NotApplicable => {}
        }
    }
    // An unanswered check counts against the area: not knowing is not holding.
    let applicable = holding + failing + unanswered;
    let score = (applicable > 0).then(|| percent(holding, applicable));
    AreaScore {
        number: area.number,
        subject: area.subject,
        control: area.control,
        question_ja: area.question_ja.clone(),
        score,
        holding,
        failing,
        unanswered,
        checks,
        rules,
    }
}

fn percent(part: usize, whole: usize) -> u8 {
    u8::try_from(part * 100 / whole).unwrap_or(100)
}
