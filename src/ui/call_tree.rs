//! Printable before an outage: the 附件1 table and the reporting routes with
//! the numbers to call, for when even the workstation is gone.

use super::state::AppState;
use crate::domain::contacts::{kind_for, reach, UnitKind};
use crate::domain::playbook::{Recipient, Schedule, Trigger};
use leptos::prelude::*;

fn when(trigger: &Trigger, schedule: &Schedule) -> String {
    let start = match trigger {
        Trigger::Discovered => "发现后".to_string(),
        Trigger::Confirmed(l) => format!("确认{}（或更高）后", l.label()),
        Trigger::AfterDischarge(_) => "收到报告后".to_string(),
        Trigger::AfterDeadlineOf(_) => "首次通知/报告时限起".to_string(),
        Trigger::MajorProgress(l) => format!("{}及以上事件出现重大进展后", l.label()),
        Trigger::DataSubmissionLate { minutes } => format!("数据报送延迟超过{minutes}分钟后"),
        Trigger::Ended => "应急结束后".to_string(),
        Trigger::TerminationNotice => "收到对方应急终止通知后".to_string(),
    };
    match schedule {
        Schedule::Within { minutes } => format!("{start}{minutes}分钟内"),
        Schedule::Every { minutes } if minutes % 60 == 0 => format!("{start}每{}小时", minutes / 60),
        Schedule::Every { minutes } => format!("{start}每{minutes}分钟"),
        Schedule::WorkingDays { days } => format!("{start}{days}个工作日内"),
    }
}


#[component]
pub fn CallTree() -> impl IntoView {
    let state = expect_context::<AppState>();
    let internal = [UnitKind::LeadershipGroup, UnitKind::WorkingGroup, UnitKind::ProvincialGroup, UnitKind::Department];
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="screen call-tree printable">
            <div class="screen-head">
                <h1>"报告路线与联系人"</h1>
                <button type="button" class="primary" on:click=print>"打印"</button>
            </div>
            <p class="hint">{state.plan.with_value(|p| format!("依据《{}》第四条至第六条、第十三条、第十五条。请在平时打印，随应急资料保存。", p.title))}</p>
            <h2>"报告路线"</h2>
            <ol class="route-list" data-testid="call-tree">
                {state.plan.with_value(|p| p.obligations.clone()).into_iter().map(|rule| {
                    let recipients: Vec<Recipient> = rule.recipients.clone();
                    let dir = state.directory.get_untracked();
                    let people: Vec<String> = recipients.iter().filter_map(|r| kind_for(*r)).flat_map(|k| {
                        dir.of_kind(k).map(|c| format!("{} {} {}：{}", c.unit, c.role, c.name, reach(c))).collect::<Vec<_>>()
                    }).collect();
                    view! {
                        <li class="route">
                            <p><strong>{format!("{} → {}", rule.responsible.name(), rule.title)}</strong></p>
                            <p>{format!("{}；{}；{}", when(&rule.trigger, &rule.schedule), rule.channel.name(), rule.article)}</p>
                            {(!people.is_empty()).then(|| view! { <ul>{people.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <h2>"组织与职责（第四条至第六条）"</h2>
            <dl class="org-duties" data-testid="org-duties">
                {state.plan.with_value(|p| p.organisation.clone()).into_iter().map(|u| view! {
                    <dt>{format!("{}（{}）", u.name, u.article)}</dt>
                    <dd><ul>{u.duties.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul></dd>
                }).collect_view()}
            </dl>
            <h2 class="page-break">"附件1 期货保证金存管业务应急处置实施工作小组情况表"</h2>
            <table class="contacts-table annex1" data-testid="annex1">
                <thead><tr>
                    <th scope="col">"单位"</th><th scope="col">"职务/角色"</th><th scope="col">"姓名"</th><th scope="col">"办公电话"</th>
                    <th scope="col">"手机"</th><th scope="col">"传真"</th><th scope="col">"邮箱"</th>
                </tr></thead>
                <tbody>
                    {move || state.directory.get().contacts.into_iter().filter(|c| internal.contains(&c.kind)).map(|c| view! {
                        <tr><td>{c.unit}</td><td>{c.role}</td><td>{c.name}</td><td>{c.office_phone}</td><td>{c.mobile}</td><td>{c.fax}</td><td>{c.email}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">"填表说明：各省级分行参照总行设立实施工作小组，填写本表并报总行应急处置工作小组（第四条（三））。"</p>
        </section>
    }
}
