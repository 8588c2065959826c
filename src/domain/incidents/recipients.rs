//! Who a duty goes to, by name: the plan's roles and names, and the parties the
//! incident's facts name (the exchanges and futures companies affected).

use crate::domain::events::facts::AffectedBusiness;
use crate::domain::incidents::state::IncidentState;
use crate::domain::plans::playbook::Recipient;

/// Names of the recipients, from the incident's facts and the plan's names.
pub fn recipient_names(recipients: &[Recipient], state: &IncidentState, plan: &crate::domain::plans::plan::Plan) -> Vec<String> {
    let names = &plan.recipient_names;
    let mut out: Vec<String> = Vec::new();
    for r in recipients {
        match r {
            Recipient::Role(role) => out.push(plan.role_name(role)),
            Recipient::Named(name) => out.push(name.clone()),
            // Ticked as affected or only named among the parties (涉及各方): either way the
            // exchange is a party to notify. Chinese whatever the screen: matched against the
            // directory's units and kept in the log.
            Recipient::AffectedExchanges => out.extend(state.facts.exchanges_involved().into_iter().map(|x| x.name_zh().to_string())),
            Recipient::AffectedFuturesCompanies => out.extend(state.facts.affected.iter().filter_map(|a| match a {
                AffectedBusiness::BankFuturesTransfer { futures_company } => Some(futures_company.clone()),
                _ => None,
            })),
            Recipient::MonitoringCentre => out.push(names.monitoring_centre.clone()),
            Recipient::Regulators => out.extend(names.regulators.iter().cloned()),
            Recipient::LocalRegulators => out.extend(names.local_regulators.iter().cloned()),
        }
    }
    out.dedup();
    out
}
