//! Who must do what, for whom, by when (第十三条, 第十五条) — as plan data.
//!
//! Where the plan says "立即" or "第一时间" without a number, or "尽快", the
//! built-in plan uses the reading documented in docs/PLAYBOOK.md; every number
//! is data here, so an institution can change it without touching the rules' code.

use super::level::Level;
use serde::{Deserialize, Serialize};

/// A role of the organisation (第四条–第六条, 第十三条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 应急指挥领导小组
    LeadershipGroup,
    /// 总行应急处置工作小组
    WorkingGroup,
    /// 省级分行应急处置实施工作小组
    ProvincialGroup,
    /// 发现部门（交易所支行、二级分行系统运维部门）
    DiscoveringUnit,
    /// 交易所支行
    ExchangeSubBranch,
    /// 总行营运中心
    OperationsCentre,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::LeadershipGroup,
        Role::WorkingGroup,
        Role::ProvincialGroup,
        Role::DiscoveringUnit,
        Role::ExchangeSubBranch,
        Role::OperationsCentre,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::LeadershipGroup => "总行应急指挥领导小组",
            Role::WorkingGroup => "总行应急处置工作小组",
            Role::ProvincialGroup => "省级分行应急处置实施工作小组",
            Role::DiscoveringUnit => "发现部门",
            Role::ExchangeSubBranch => "交易所支行",
            Role::OperationsCentre => "总行营运中心",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::LeadershipGroup => "leadership",
            Role::WorkingGroup => "working-group",
            Role::ProvincialGroup => "provincial",
            Role::DiscoveringUnit => "discovering",
            Role::ExchangeSubBranch => "exchange-branch",
            Role::OperationsCentre => "operations",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Whom an obligation is owed to; resolved against the incident and the contacts directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    Role(Role),
    AffectedExchanges,
    AffectedFuturesCompanies,
    MonitoringCentre,
    /// 国家金融监督管理总局 and 中国证监会 (names from the directory).
    Regulators,
    /// Local offices of the regulators (各地监管局、证监局).
    LocalRegulators,
}

/// What starts the clock of an obligation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// The incident was discovered (its `discovered_at`).
    Discovered,
    /// The first confirmation of a level at or above this one (第十五条 counts from confirmation).
    Confirmed(Level),
    /// Another obligation of this plan was discharged (a chain: A reports to B, then B to C).
    AfterDischarge(String),
    /// When another (one-off) obligation falls due: a cadence of progress reports
    /// counts from when the first report was due.
    AfterDeadlineOf(String),
    /// The emergency ended: service restored (第十六条).
    Ended,
    /// The other party's notice that its emergency is over was recorded (第十六条).
    TerminationNotice,
    /// Each late data submission to the monitoring centre, once it is this many minutes late.
    DataSubmissionLate { minutes: u32 },
    /// Each note marked as major progress (重大进展) while a level at or above this one is confirmed.
    MajorProgress(Level),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    /// Once, within this many minutes of the trigger.
    Within { minutes: u32 },
    /// Repeatedly, every this many minutes from the trigger, until service is restored.
    Every { minutes: u32 },
    /// By the end (24:00 Beijing) of the `days`-th working day after the trigger's day.
    WorkingDays { days: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    /// Only when the bank caused the incident (answered 是).
    BankCaused,
    /// Only when an exchange's fund movements are affected.
    ExchangeFundsAffected,
    /// Only when the bank is known not to have caused it (answered 否).
    NotBankCaused,
    /// Only when the level in effect lies in this range (Ⅲ ≤ … ≤ Ⅰ).
    LevelBetween { min: Level, max: Level },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Fax,
    Email,
    InPerson,
    InternalNetwork,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Channel::Phone, Channel::Fax, Channel::Email, Channel::InPerson, Channel::InternalNetwork];

    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Fax => "传真",
            Channel::Email => "电子邮件",
            Channel::InPerson => "当面",
            Channel::InternalNetwork => "行内网络",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Fax => "fax",
            Channel::Email => "email",
            Channel::InPerson => "in-person",
            Channel::InternalNetwork => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationRule {
    /// Stable id; discharge events refer to it.
    pub id: String,
    pub title: String,
    pub responsible: Role,
    pub recipients: Vec<Recipient>,
    pub trigger: Trigger,
    pub schedule: Schedule,
    pub condition: Condition,
    /// The usual channel, prefilled in the discharge form.
    pub channel: Channel,
    pub article: String,
    /// What the plan asks, in plain words, shown on demand.
    pub basis: String,
    /// A pending obligation of this rule is superseded when the given rule starts
    /// (a Ⅱ report not yet sent when Ⅰ is confirmed: the Ⅰ report replaces it).
    #[serde(default)]
    pub superseded_by: Option<String>,
}

fn rule(
    id: &str,
    title: &str,
    responsible: Role,
    recipients: &[Recipient],
    trigger: Trigger,
    schedule: Schedule,
    condition: Condition,
    channel: Channel,
    article: &str,
    basis: &str,
) -> ObligationRule {
    ObligationRule {
        id: id.into(),
        title: title.into(),
        responsible,
        recipients: recipients.to_vec(),
        trigger,
        schedule,
        condition,
        channel,
        article: article.into(),
        basis: basis.into(),
        superseded_by: None,
    }
}

/// The bank depository plan's reporting chain and responses (seed 002).
pub fn bank_depository_obligations() -> Vec<ObligationRule> {
    use Channel::*;
    use Condition::*;
    use Recipient as R;
    use Role::*;
    let within = |minutes| Schedule::Within { minutes };
    let mut rules = vec![
        rule("report-to-province", "向省级分行实施工作小组报告故障或交易异常现象", DiscoveringUnit,
            &[R::Role(ProvincialGroup)], Trigger::Discovered, within(5), Always, InternalNetwork, "第十三条（一）",
            "发现部门第一时间详细说明故障或异常现象，经行内局域网上报省级分行实施工作小组。"),
        rule("prepare-manual-business", "交易所支行启动应急业务处置准备（紧急业务、大额交易）", ExchangeSubBranch,
            &[R::Role(ProvincialGroup)], Trigger::Discovered, within(5), ExchangeFundsAffected, InPerson, "第十三条（一）",
            "涉及紧急业务或大额交易的，交易所支行在上报的同时立即做好应急业务处置准备。"),
        rule("province-to-working-group", "省级分行实施工作小组上报总行工作小组（影响范围、可能原因）", ProvincialGroup,
            &[R::Role(WorkingGroup)], Trigger::AfterDischarge("report-to-province".into()), within(5), Always, Phone, "第十三条（二）",
            "收到发现部门报告后立即上报总行工作小组，并会同省级分行信息科技部门初步确定影响范围和可能原因。"),
        rule("operations-to-working-group", "总行营运中心通报总行工作小组", OperationsCentre,
            &[R::Role(WorkingGroup)], Trigger::Discovered, within(5), Always, Phone, "第十三条（三）",
            "营运中心监测发现系统异常的，立即通过电话或行内局域网通报总行工作小组，并做好启动应急响应准备；非营运中心发现的可标为不适用。"),
        rule("notify-parties", "通知受影响各方应急联络人及省级分行实施工作小组", WorkingGroup,
            &[R::AffectedExchanges, R::AffectedFuturesCompanies, R::MonitoringCentre, R::Role(ProvincialGroup)],
            Trigger::Confirmed(Level::III), within(10), Always, Phone, "第十五条（一）1",
            "确认Ⅲ级（或更高级别）后10分钟内，通知可能受影响的期货交易所、期货公司、监控中心的应急联络人，同时通知相应省级分行实施工作小组。"),
        rule("fax-report-to-parties", "以传真向交易所、期货公司、监控中心提交突发事件报告单", WorkingGroup,
            &[R::AffectedExchanges, R::AffectedFuturesCompanies, R::MonitoringCentre],
            Trigger::Confirmed(Level::III), within(30), BankCaused, Fax, "第十五条（一）1",
            "本行原因导致的事件，还须尽快以传真提交《突发事件报告单》（附件3）。"),
        rule("inform-parties-progress", "向相关各方通报故障处理进展", ProvincialGroup,
            &[R::AffectedExchanges, R::AffectedFuturesCompanies, R::MonitoringCentre],
            Trigger::AfterDeadlineOf("notify-parties".into()), Schedule::Every { minutes: 60 }, Always, Phone, "第十五条（一）3",
            "当事行实施工作小组或联络人及时向相关各方通报处理进展，直至故障处理结束。"),
        rule("report-to-leadership", "向总行应急指挥领导小组报告事件升级", WorkingGroup,
            &[R::Role(LeadershipGroup)], Trigger::Confirmed(Level::II), within(5), Always, Phone, "第十三条（四）2",
            "事件升级为Ⅱ级或Ⅰ级时，工作小组立即报告领导小组。"),
        rule("report-to-leadership-i", "向总行应急指挥领导小组报告事件升级为Ⅰ级", WorkingGroup,
            &[R::Role(LeadershipGroup)], Trigger::Confirmed(Level::I), within(5), Always, Phone, "第十三条（四）2",
            "事件升级为Ⅰ级时，工作小组立即报告领导小组，此后由领导小组决策（第十四条（二））。"),
        rule("regulators-report-ii", "以传真向监管机构上报突发事件报告单（Ⅱ级）", WorkingGroup,
            &[R::Regulators], Trigger::Confirmed(Level::II), within(30), Always, Fax, "第十五条（二）2",
            "事件升级为Ⅱ级时，工作小组在30分钟内以传真向银行业和证券业监管机构上报《突发事件报告单》。"),
        rule("local-regulators-ii", "省级分行按当地规定向当地监管局、证监局报告", ProvincialGroup,
            &[R::LocalRegulators], Trigger::Confirmed(Level::II), within(60), Always, Phone, "第十五条（二）2",
            "省级分行实施工作小组按照当地监管局、证监局的规定报告事件情况；时限以当地规定为准，默认按1小时。"),
        rule("regulators-report-i", "以传真向监管机构上报突发事件报告单（Ⅰ级）", WorkingGroup,
            &[R::Regulators], Trigger::Confirmed(Level::I), within(10), Always, Fax, "第十五条（三）2",
            "事件升级为Ⅰ级时，工作小组在10分钟内以传真向监管机构上报《突发事件报告单》。"),
        rule("regulators-progress-i", "每2小时向监管机构上报处理进展", WorkingGroup,
            &[R::Regulators], Trigger::AfterDeadlineOf("regulators-report-i".into()), Schedule::Every { minutes: 120 }, Always, Fax, "第十五条（三）3",
            "Ⅰ级事件期间，自首份报告单应报时起，工作小组每2小时向监管机构上报重大进展，有重大进展随时上报，直至故障处理结束。"),
        rule("data-submission-recovery", "排除数据报送故障，恢复后完成向监控中心的报送", WorkingGroup,
            &[R::MonitoringCentre], Trigger::DataSubmissionLate { minutes: 60 }, within(60), Always, InternalNetwork, "第二十一条",
            "向监控中心的数据报送延迟超过一小时的，由总行工作小组排除故障，并在故障恢复后完成报送；完成时限默认按1小时计。"),
        rule("notify-termination", "通知受影响单位和省级分行应急终止", WorkingGroup,
            &[R::AffectedExchanges, R::AffectedFuturesCompanies, R::MonitoringCentre, R::Role(ProvincialGroup)],
            Trigger::Ended, within(30), BankCaused, Phone, "第十六条",
            "本行原因导致的事件，系统恢复正常服务即应急结束，工作小组通知受影响单位和分支机构应急终止；“及时”按30分钟计。"),
        rule("notify-termination-after-notice", "收到对方应急终止通知后，通知受影响单位和省级分行", WorkingGroup,
            &[R::AffectedExchanges, R::AffectedFuturesCompanies, R::MonitoringCentre, R::Role(ProvincialGroup)],
            Trigger::TerminationNotice, within(30), NotBankCaused, Phone, "第十六条",
            "非本行原因的事件，先登记交易所、期货公司或监控中心的应急终止通知，再由工作小组通知受影响单位和省级分行。"),
        rule("summary-report-iii", "向监管机构上报突发事件处理总结报告（Ⅲ级）", WorkingGroup,
            &[R::Regulators], Trigger::Ended, Schedule::WorkingDays { days: 1 }, LevelBetween { min: Level::III, max: Level::III },
            Fax, "第二十二条（三）", "Ⅲ级事件应急结束后一个工作日内，工作小组向监管机构上报总结报告。"),
        rule("summary-report-ii-i", "向监管机构上报突发事件处理总结报告（Ⅱ级、Ⅰ级）", WorkingGroup,
            &[R::Regulators], Trigger::Ended, Schedule::WorkingDays { days: 2 }, LevelBetween { min: Level::II, max: Level::I },
            Fax, "第二十二条（四）", "Ⅱ级、Ⅰ级事件应急结束后两个工作日内，工作小组向监管机构上报总结报告。"),
        rule("local-summary-report", "省级分行按当地规定报告事件处理情况", ProvincialGroup,
            &[R::LocalRegulators], Trigger::Ended, Schedule::WorkingDays { days: 2 }, LevelBetween { min: Level::III, max: Level::I },
            Phone, "第二十二条（三）（四）", "省级分行按当地监管局、证监局的规定报告处理情况；时限以当地规定为准，默认两个工作日。"),
        rule("regulators-major-progress", "向监管机构上报重大进展", WorkingGroup,
            &[R::Regulators], Trigger::MajorProgress(Level::II), within(30), Always, Fax, "第十五条（二）3、（三）3",
            "Ⅱ级、Ⅰ级事件期间，故障处理出现重大进展时及时上报监管机构；“及时”按30分钟计。"),
    ];
    for r in rules.iter_mut().filter(|r| r.id == "regulators-report-ii") {
        r.superseded_by = Some("regulators-report-i".into());
    }
    rules
}

/// A body of the organisation and what it answers for (第四条–第六条), for the
/// printed call tree and the contacts page. The wording is ours, not the plan's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub name: String,
    pub article: String,
    pub duties: Vec<String>,
}

fn unit(name: &str, article: &str, duties: &[&str]) -> OrgUnit {
    OrgUnit { name: name.into(), article: article.into(), duties: duties.iter().map(|d| d.to_string()).collect() }
}

/// The bank plan's groups and head-office departments.
pub fn bank_depository_organisation() -> Vec<OrgUnit> {
    vec![
        unit("总行应急指挥领导小组", "第四条（一）、第五条（一）", &[
            "组长由分管投资业务的行领导担任，成员为相关部门负责人",
            "统一领导、指挥处置；决定启动和终止应急处置",
            "协调监管部门和政府机构；决定重大措施和新闻发布",
            "Ⅰ级事件由其决策（第十四条）",
        ]),
        unit("总行应急处置工作小组", "第四条（二）、第五条（二）", &[
            "领导小组下设，明确具体经办人员",
            "制订处置制度和流程；向领导小组提出处置建议",
            "组织实施处置、分析和报告；联络监管机构和期货交易所",
            "组织演练、培训和检查；Ⅱ级、Ⅲ级事件由其决策（第十四条）",
        ]),
        unit("省级分行应急处置实施工作小组", "第四条（三）、第五条（三）", &[
            "参照总行设立，填报附件1并报总行工作小组",
            "按总行决定组织本地区处置；负责本地区分析、报告及与当地监管部门沟通",
            "组织辖内培训和检查",
        ]),
        unit("总行办公室", "第六条（一）", &["代表本行与外部单位联系沟通"]),
        unit("总行客户部门", "第六条（二）", &["按预案组织对客户的沟通和安抚"]),
        unit("总行投资部门", "第六条（三）", &[
            "牵头组织处置，按响应级别向领导小组报告并下达处置指令",
            "与监管机构沟通协调，收集信息，上报总结报告，负责重大事件和进展的报告与备案",
        ]),
        unit("总行财务会计部门", "第六条（四）", &["提出会计结算方面的处置建议", "指导事发网点以应急方式办理存管业务"]),
        unit("总行信息科技部门", "第六条（五）", &["实施与系统应用相关的应急技术处理", "负责存管业务系统升级"]),
        unit("总行营运中心", "第六条（六）", &["负责存管系统平台日常运行和监控", "维护与行内其他系统、监控中心的网络通信"]),
        unit("总行宣传部门", "第六条（七）", &["收集整理媒体信息，维护本行公众形象，处理相关公共关系事务"]),
    ]
}
