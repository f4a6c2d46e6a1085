import{t as e}from"./client-DkNgJc21.js";var t=class extends Error{kind;code;retryAfterSeconds;constructor(e,t,n,r){super(t),this.kind=e,this.code=n,this.retryAfterSeconds=r}};async function n(e,n,a){let o={"content-type":`application/json`,accept:`application/graphql-response+json, application/json`,authorization:`Bearer ${e.token}`};e.organizationId&&(o[`x-organization-id`]=e.organizationId);let s;try{s=await fetch(`/graphql`,{method:`POST`,headers:o,body:JSON.stringify({query:n.toString(),variables:a})})}catch{throw new t(`unreachable`,`The service cannot be reached.`)}let c=await r(s),l=c?.errors??[],u=i(s.status,l);if(u)throw u;if(c?.data===void 0||c.data===null){if(s.status>=500||c===null)throw new t(`unreachable`,`The service answered ${s.status} ${s.statusText}.`.trim());let e=l[0];throw new t(`failed`,e?.message??`The service answered without data.`,e?.extensions?.code)}return{data:c.data,errors:l}}async function r(e){try{return await e.json()}catch{return null}}function i(e,n){let r=n.map(e=>e.extensions?.code),i=n[0]?.message??``;if(e===401||r.includes(`UNAUTHORIZED`))return new t(`unauthorized`,i||`The credential was refused.`,`UNAUTHORIZED`);if(e===403||r.includes(`FORBIDDEN`))return new t(`forbidden`,i||`This clinic is not granted to the credential.`,`FORBIDDEN`);let a=n.find(e=>e.extensions?.code===`RATE_LIMITED`);if(e===429||a){let e=a?.extensions?.details?.retry_after_seconds??1;return new t(`limited`,i||`Too many requests.`,`RATE_LIMITED`,e)}return null}var a=`clinic-analytics.token`,o=`clinic-analytics.organization`,s=`clinic-analytics.window`;function c(){let e=new URLSearchParams(window.location.hash.replace(/^#/,``)),t=e.get(`token`);if(t===null)return;t.trim()!==``&&u(t),e.delete(`token`);let n=e.toString(),r=`${window.location.pathname}${window.location.search}${n?`#${n}`:``}`;window.history.replaceState(window.history.state,``,r)}function l(){return sessionStorage.getItem(a)}function u(e){sessionStorage.setItem(a,e.trim().replace(/^Bearer\s+/i,``))}function d(){sessionStorage.removeItem(a),sessionStorage.removeItem(o)}function f(){return sessionStorage.getItem(o)}function p(e){sessionStorage.setItem(o,e)}function m(){return sessionStorage.getItem(s)}function h(e){sessionStorage.setItem(s,e)}function g(e,t=null,...n){let r=document.createElement(e);for(let[e,n]of Object.entries(t??{}))n!==!1&&n!=null&&r.setAttribute(e,n===!0?``:String(n));return r.append(...n.filter(_).map(v)),r}function _(e){return e!=null&&e!==!1}function v(e){return e instanceof Node?e:String(e)}function y(e,...t){e.replaceChildren(...t.filter(_).map(v))}var b=0;function x(e){return b+=1,`${e}-${b}`}var S=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}},C=new S(`
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}
    `,{fragmentName:`Meta`}),w=new S(`
    fragment AutomationCard on AutomationMetrics {
  automationBookings
  automatedRevenue
  operationalCosts
  totalRoi
  successfulContacts
  totalContacts
  efficiencyScore
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`AutomationCard`}),T=new S(`
    fragment BookingCard on BookingMetrics {
  totalBookings
  periodComparison
  previousPeriodBookings
  bookingsViaAi
  meta {
    ...Meta
    windowStart
    windowEnd
    comparisonStart
    comparisonEnd
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`BookingCard`}),E=new S(`
    fragment FinanceCard on FinancialMetrics {
  totalRevenue
  avgRevenuePerPatient
  lifetimeValueTotal
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`FinanceCard`}),D=new S(`
    fragment OutcomesCard on VisitOutcomes {
  attended
  appointments
  noShowRate
  cancellationRate
  lateCancellationRate
  revenuePerVisit
  unresolved
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`OutcomesCard`}),O=new S(`
    fragment PatientCard on PatientMetrics {
  newPatients
  activePatients
  totalPatients
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`PatientCard`}),k=new S(`
    fragment ReengagementCard on ReengagementPerformance {
  currentlyDormant
  currentlyActive
  currentlyStale
  engagementRatePercent
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`ReengagementCard`}),ee=new S(`
    fragment RetentionCard on Retention {
  patientsSeen
  returningPatients
  firstVisits
  rebookingRate
  visitsPerPatient
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`RetentionCard`}),A=new S(`
    fragment SummaryCard on DashboardSummary {
  activePatients
  engagementRate
  patientsWithRecent
  patientsWithUpcoming
  totalPatients
  lastSyncedAt
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`SummaryCard`}),te=new S(`
    fragment ChartSeries on Charts {
  granularity
  bookingTrends {
    date
    bookings
    revenue
  }
  patientEngagementTrend {
    date
    activePatients
    newPatients
  }
  automationPerformance {
    date
    efficiencyScore
    automationRate
  }
  visitOutcomeTrend {
    date
    attended
    noShows
    cancellations
  }
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`ChartSeries`}),ne=new S(`
    fragment BreakdownTable on Breakdown {
  by
  rows {
    key
    label
    appointments
    attended
    noShows
    noShowRate
    cancellations
    revenue
    patientsSeen
    rebookingRate
    bookings
  }
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`BreakdownTable`}),re=new S(`
    fragment UpcomingPage on AppointmentConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  nodes {
    startsAt
    appointmentType
    practitionerId
    source
  }
}
    `,{fragmentName:`UpcomingPage`}),ie={"\n  fragment AutomationCard on AutomationMetrics {\n    automationBookings\n    automatedRevenue\n    operationalCosts\n    totalRoi\n    successfulContacts\n    totalContacts\n    efficiencyScore\n    meta {\n      ...Meta\n    }\n  }\n":w,"\n  fragment BookingCard on BookingMetrics {\n    totalBookings\n    periodComparison\n    previousPeriodBookings\n    bookingsViaAi\n    meta {\n      ...Meta\n      windowStart\n      windowEnd\n      comparisonStart\n      comparisonEnd\n    }\n  }\n":T,"\n  fragment FinanceCard on FinancialMetrics {\n    totalRevenue\n    avgRevenuePerPatient\n    lifetimeValueTotal\n    lifetimeValueAverage\n    meta {\n      ...Meta\n    }\n  }\n":E,"\n  query Comparison(\n    $org: ID!\n    $window: WindowInput!\n    $asOf: DateTime!\n    $patientMetrics: Boolean!\n    $financialMetrics: Boolean!\n    $automationMetrics: Boolean!\n    $visitOutcomes: Boolean!\n    $retention: Boolean!\n    $summary: Boolean!\n    $reengagement: Boolean!\n  ) {\n    organization(id: $org) {\n      patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {\n        newPatients\n      }\n      financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {\n        totalRevenue\n      }\n      automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {\n        automationBookings\n      }\n      visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {\n        attended\n      }\n      retention(window: $window, asOf: $asOf) @include(if: $retention) {\n        patientsSeen\n      }\n      summary(asOf: $asOf) @include(if: $summary) {\n        activePatients\n      }\n      reengagement(asOf: $asOf) @include(if: $reengagement) {\n        currentlyDormant\n      }\n    }\n  }\n":new S(`
    query Comparison($org: ID!, $window: WindowInput!, $asOf: DateTime!, $patientMetrics: Boolean!, $financialMetrics: Boolean!, $automationMetrics: Boolean!, $visitOutcomes: Boolean!, $retention: Boolean!, $summary: Boolean!, $reengagement: Boolean!) {
  organization(id: $org) {
    patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {
      newPatients
    }
    financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {
      totalRevenue
    }
    automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {
      automationBookings
    }
    visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {
      attended
    }
    retention(window: $window, asOf: $asOf) @include(if: $retention) {
      patientsSeen
    }
    summary(asOf: $asOf) @include(if: $summary) {
      activePatients
    }
    reengagement(asOf: $asOf) @include(if: $reengagement) {
      currentlyDormant
    }
  }
}
    `),"\n  fragment Meta on MetricMeta {\n    freshness\n    computedAt\n    staleReason\n  }\n":C,"\n  fragment OutcomesCard on VisitOutcomes {\n    attended\n    appointments\n    noShowRate\n    cancellationRate\n    lateCancellationRate\n    revenuePerVisit\n    unresolved\n    meta {\n      ...Meta\n    }\n  }\n":D,"\n  fragment PatientCard on PatientMetrics {\n    newPatients\n    activePatients\n    totalPatients\n    meta {\n      ...Meta\n    }\n  }\n":O,"\n  fragment ReengagementCard on ReengagementPerformance {\n    currentlyDormant\n    currentlyActive\n    currentlyStale\n    engagementRatePercent\n    lifetimeValueAverage\n    meta {\n      ...Meta\n    }\n  }\n":k,"\n  fragment RetentionCard on Retention {\n    patientsSeen\n    returningPatients\n    firstVisits\n    rebookingRate\n    visitsPerPatient\n    meta {\n      ...Meta\n    }\n  }\n":ee,"\n  fragment SummaryCard on DashboardSummary {\n    activePatients\n    engagementRate\n    patientsWithRecent\n    patientsWithUpcoming\n    totalPatients\n    lastSyncedAt\n    meta {\n      ...Meta\n    }\n  }\n":A,"\n  fragment ChartSeries on Charts {\n    granularity\n    bookingTrends {\n      date\n      bookings\n      revenue\n    }\n    patientEngagementTrend {\n      date\n      activePatients\n      newPatients\n    }\n    automationPerformance {\n      date\n      efficiencyScore\n      automationRate\n    }\n    visitOutcomeTrend {\n      date\n      attended\n      noShows\n      cancellations\n    }\n    meta {\n      ...Meta\n    }\n  }\n":te,"\n  query Organizations {\n    organizations {\n      id\n      name\n      currency\n      timezone\n    }\n  }\n":new S(`
    query Organizations {
  organizations {
    id
    name
    currency
    timezone
  }
}
    `),"\n  query Dashboard(\n    $org: ID!\n    $window: WindowInput!\n    $compareTo: Comparison!\n    $granularity: Granularity!\n    $pageSize: Int!\n    $after: String\n    $bookingMetrics: Boolean!\n    $patientMetrics: Boolean!\n    $financialMetrics: Boolean!\n    $automationMetrics: Boolean!\n    $visitOutcomes: Boolean!\n    $retention: Boolean!\n    $breakdown: Boolean!\n    $by: Dimension!\n    $summary: Boolean!\n    $reengagement: Boolean!\n    $charts: Boolean!\n    $upcomingAppointments: Boolean!\n  ) {\n    organization(id: $org) {\n      bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {\n        ...BookingCard\n      }\n      patientMetrics(window: $window) @include(if: $patientMetrics) {\n        ...PatientCard\n      }\n      financialMetrics(window: $window) @include(if: $financialMetrics) {\n        ...FinanceCard\n      }\n      automationMetrics(window: $window) @include(if: $automationMetrics) {\n        ...AutomationCard\n      }\n      visitOutcomes(window: $window) @include(if: $visitOutcomes) {\n        ...OutcomesCard\n      }\n      retention(window: $window) @include(if: $retention) {\n        ...RetentionCard\n      }\n      breakdown(by: $by, window: $window) @include(if: $breakdown) {\n        ...BreakdownTable\n      }\n      summary @include(if: $summary) {\n        ...SummaryCard\n      }\n      reengagement @include(if: $reengagement) {\n        ...ReengagementCard\n      }\n      charts(window: $window, granularity: $granularity) @include(if: $charts) {\n        ...ChartSeries\n      }\n      upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {\n        ...UpcomingPage\n      }\n    }\n  }\n":new S(`
    query Dashboard($org: ID!, $window: WindowInput!, $compareTo: Comparison!, $granularity: Granularity!, $pageSize: Int!, $after: String, $bookingMetrics: Boolean!, $patientMetrics: Boolean!, $financialMetrics: Boolean!, $automationMetrics: Boolean!, $visitOutcomes: Boolean!, $retention: Boolean!, $breakdown: Boolean!, $by: Dimension!, $summary: Boolean!, $reengagement: Boolean!, $charts: Boolean!, $upcomingAppointments: Boolean!) {
  organization(id: $org) {
    bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {
      ...BookingCard
    }
    patientMetrics(window: $window) @include(if: $patientMetrics) {
      ...PatientCard
    }
    financialMetrics(window: $window) @include(if: $financialMetrics) {
      ...FinanceCard
    }
    automationMetrics(window: $window) @include(if: $automationMetrics) {
      ...AutomationCard
    }
    visitOutcomes(window: $window) @include(if: $visitOutcomes) {
      ...OutcomesCard
    }
    retention(window: $window) @include(if: $retention) {
      ...RetentionCard
    }
    breakdown(by: $by, window: $window) @include(if: $breakdown) {
      ...BreakdownTable
    }
    summary @include(if: $summary) {
      ...SummaryCard
    }
    reengagement @include(if: $reengagement) {
      ...ReengagementCard
    }
    charts(window: $window, granularity: $granularity) @include(if: $charts) {
      ...ChartSeries
    }
    upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {
      ...UpcomingPage
    }
  }
}
    fragment AutomationCard on AutomationMetrics {
  automationBookings
  automatedRevenue
  operationalCosts
  totalRoi
  successfulContacts
  totalContacts
  efficiencyScore
  meta {
    ...Meta
  }
}
fragment BookingCard on BookingMetrics {
  totalBookings
  periodComparison
  previousPeriodBookings
  bookingsViaAi
  meta {
    ...Meta
    windowStart
    windowEnd
    comparisonStart
    comparisonEnd
  }
}
fragment FinanceCard on FinancialMetrics {
  totalRevenue
  avgRevenuePerPatient
  lifetimeValueTotal
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}
fragment OutcomesCard on VisitOutcomes {
  attended
  appointments
  noShowRate
  cancellationRate
  lateCancellationRate
  revenuePerVisit
  unresolved
  meta {
    ...Meta
  }
}
fragment PatientCard on PatientMetrics {
  newPatients
  activePatients
  totalPatients
  meta {
    ...Meta
  }
}
fragment ReengagementCard on ReengagementPerformance {
  currentlyDormant
  currentlyActive
  currentlyStale
  engagementRatePercent
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
fragment RetentionCard on Retention {
  patientsSeen
  returningPatients
  firstVisits
  rebookingRate
  visitsPerPatient
  meta {
    ...Meta
  }
}
fragment SummaryCard on DashboardSummary {
  activePatients
  engagementRate
  patientsWithRecent
  patientsWithUpcoming
  totalPatients
  lastSyncedAt
  meta {
    ...Meta
  }
}
fragment ChartSeries on Charts {
  granularity
  bookingTrends {
    date
    bookings
    revenue
  }
  patientEngagementTrend {
    date
    activePatients
    newPatients
  }
  automationPerformance {
    date
    efficiencyScore
    automationRate
  }
  visitOutcomeTrend {
    date
    attended
    noShows
    cancellations
  }
  meta {
    ...Meta
  }
}
fragment BreakdownTable on Breakdown {
  by
  rows {
    key
    label
    appointments
    attended
    noShows
    noShowRate
    cancellations
    revenue
    patientsSeen
    rebookingRate
    bookings
  }
  meta {
    ...Meta
  }
}
fragment UpcomingPage on AppointmentConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  nodes {
    startsAt
    appointmentType
    practitionerId
    source
  }
}`),"\n  subscription DashboardUpdated($org: ID!) {\n    dashboardUpdated(organizationId: $org) {\n      groups\n    }\n  }\n":new S(`
    subscription DashboardUpdated($org: ID!) {
  dashboardUpdated(organizationId: $org) {
    groups
  }
}
    `),"\n  fragment BreakdownTable on Breakdown {\n    by\n    rows {\n      key\n      label\n      appointments\n      attended\n      noShows\n      noShowRate\n      cancellations\n      revenue\n      patientsSeen\n      rebookingRate\n      bookings\n    }\n    meta {\n      ...Meta\n    }\n  }\n":ne,"\n  fragment UpcomingPage on AppointmentConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      startsAt\n      appointmentType\n      practitionerId\n      source\n    }\n  }\n":re};function ae(e){return ie[e]??{}}var oe=ae(`
  query Organizations {
    organizations {
      id
      name
      currency
      timezone
    }
  }
`),j=ae(`
  query Dashboard(
    $org: ID!
    $window: WindowInput!
    $compareTo: Comparison!
    $granularity: Granularity!
    $pageSize: Int!
    $after: String
    $bookingMetrics: Boolean!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $breakdown: Boolean!
    $by: Dimension!
    $summary: Boolean!
    $reengagement: Boolean!
    $charts: Boolean!
    $upcomingAppointments: Boolean!
  ) {
    organization(id: $org) {
      bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {
        ...BookingCard
      }
      patientMetrics(window: $window) @include(if: $patientMetrics) {
        ...PatientCard
      }
      financialMetrics(window: $window) @include(if: $financialMetrics) {
        ...FinanceCard
      }
      automationMetrics(window: $window) @include(if: $automationMetrics) {
        ...AutomationCard
      }
      visitOutcomes(window: $window) @include(if: $visitOutcomes) {
        ...OutcomesCard
      }
      retention(window: $window) @include(if: $retention) {
        ...RetentionCard
      }
      breakdown(by: $by, window: $window) @include(if: $breakdown) {
        ...BreakdownTable
      }
      summary @include(if: $summary) {
        ...SummaryCard
      }
      reengagement @include(if: $reengagement) {
        ...ReengagementCard
      }
      charts(window: $window, granularity: $granularity) @include(if: $charts) {
        ...ChartSeries
      }
      upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {
        ...UpcomingPage
      }
    }
  }
`),M=ae(`
  subscription DashboardUpdated($org: ID!) {
    dashboardUpdated(organizationId: $org) {
      groups
    }
  }
`);function N(t,n){let r=window.location.protocol===`https:`?`wss:`:`ws:`,i=0,a=!1,o=e({url:`${r}//${window.location.host}/graphql/ws`,connectionParams:{Authorization:`Bearer ${t.token}`,"X-Organization-ID":t.organizationId??``},retryAttempts:1/0,shouldRetry:e=>!P(e),on:{connected:()=>{i+=1,n.status(!0),i>1&&n.changed(`all`)},closed:e=>{if(!a&&(n.status(!1),P(e))){let{code:t,reason:r}=e,i=t===4401||r.startsWith(`UNAUTHORIZED`);n.refused(i?`unauthorized`:`forbidden`,r||`Live updates were refused.`)}}}}),s=o.subscribe({query:M.toString(),variables:{org:t.organizationId??``}},{next:e=>{let t=e.data?.dashboardUpdated.groups;t&&n.changed(t);let r=e.errors?.find(e=>e.extensions?.code===`FORBIDDEN`||e.extensions?.code===`UNAUTHORIZED`);r&&n.refused(r.extensions?.code===`UNAUTHORIZED`?`unauthorized`:`forbidden`,r.message)},error:()=>n.status(!1),complete:()=>void 0});return()=>{a=!0,s(),o.dispose()}}function P(e){let t=e?.code;return t===4401||t===4403}function F(e){return e}ae(`
  fragment AutomationCard on AutomationMetrics {
    automationBookings
    automatedRevenue
    operationalCosts
    totalRoi
    successfulContacts
    totalContacts
    efficiencyScore
    meta {
      ...Meta
    }
  }
`);var I=F({key:`automationMetrics`,group:`AUTOMATION_METRICS`,title:`Automation`,headline:{field:`automationBookings`,label:`Bookings by automation`,format:`count`},change:{from:`comparison`,group:`automationMetrics`},figures:[{field:`automatedRevenue`,label:`Revenue they brought`,format:`money`},{field:`operationalCosts`,label:`Costs`,format:`money`},{field:`totalRoi`,label:`Return on cost`,format:`percent`},{field:`successfulContacts`,label:`Successful contacts`,format:`count`},{field:`totalContacts`,label:`Contacts sent`,format:`count`},{field:`efficiencyScore`,label:`Efficiency score (of 100)`,format:`score`}]});ae(`
  fragment BookingCard on BookingMetrics {
    totalBookings
    periodComparison
    previousPeriodBookings
    bookingsViaAi
    meta {
      ...Meta
      windowStart
      windowEnd
      comparisonStart
      comparisonEnd
    }
  }
`);var se=F({key:`bookingMetrics`,group:`BOOKING_METRICS`,title:`Bookings`,headline:{field:`totalBookings`,label:`Bookings made`,format:`count`},change:{from:`field`,field:`periodComparison`},figures:[{field:`periodComparison`,label:`Change`,format:`change`,whenNull:`No bookings in the comparison window`},{field:`previousPeriodBookings`,label:`In the comparison window`,format:`count`},{field:`bookingsViaAi`,label:`Booked by the AI receptionist`,format:`count`}]});ae(`
  fragment FinanceCard on FinancialMetrics {
    totalRevenue
    avgRevenuePerPatient
    lifetimeValueTotal
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);var ce=F({key:`financialMetrics`,group:`FINANCIAL_METRICS`,title:`Revenue`,headline:{field:`totalRevenue`,label:`Revenue`,format:`money`},change:{from:`comparison`,group:`financialMetrics`},figures:[{field:`avgRevenuePerPatient`,label:`Per patient seen`,format:`money`,whenNull:`No completed visits in the window`},{field:`lifetimeValueTotal`,label:`Lifetime revenue`,format:`money`},{field:`lifetimeValueAverage`,label:`Lifetime value per patient`,format:`money`,whenNull:`No patients yet`}]});ae(`
  fragment OutcomesCard on VisitOutcomes {
    attended
    appointments
    noShowRate
    cancellationRate
    lateCancellationRate
    revenuePerVisit
    unresolved
    meta {
      ...Meta
    }
  }
`);var le=F({key:`visitOutcomes`,group:`VISIT_OUTCOMES`,title:`Visit outcomes`,headline:{field:`attended`,label:`Visits attended`,format:`count`},change:{from:`comparison`,group:`visitOutcomes`},figures:[{field:`appointments`,label:`Appointments that started`,format:`count`},{field:`noShowRate`,label:`No-show rate`,format:`percent`,whenNull:`No visits attended or missed`},{field:`cancellationRate`,label:`Cancellation rate`,format:`percent`,whenNull:`No appointments in the window`},{field:`lateCancellationRate`,label:`Late cancellations (under 24 h)`,format:`percent`,whenNull:`No appointments in the window`},{field:`revenuePerVisit`,label:`Revenue per visit`,format:`money`,whenNull:`No visits attended`},{field:`unresolved`,label:`Outcome not yet recorded`,format:`count`}]});ae(`
  fragment PatientCard on PatientMetrics {
    newPatients
    activePatients
    totalPatients
    meta {
      ...Meta
    }
  }
`);var ue=F({key:`patientMetrics`,group:`PATIENT_METRICS`,title:`Patients`,headline:{field:`newPatients`,label:`New patients`,format:`count`},change:{from:`comparison`,group:`patientMetrics`},figures:[{field:`activePatients`,label:`Active patients`,format:`count`},{field:`totalPatients`,label:`All patients`,format:`count`}]});ae(`
  fragment ReengagementCard on ReengagementPerformance {
    currentlyDormant
    currentlyActive
    currentlyStale
    engagementRatePercent
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);var de=F({key:`reengagement`,group:`REENGAGEMENT`,title:`Re-engagement`,span:`Now: the last 90 days and the next 7`,headline:{field:`currentlyDormant`,label:`Dormant patients to win back`,format:`count`},change:{from:`comparison`,group:`reengagement`},figures:[{field:`currentlyActive`,label:`Active`,format:`count`},{field:`currentlyStale`,label:`Stale (over 90 days)`,format:`count`},{field:`engagementRatePercent`,label:`Engagement rate`,format:`percent`},{field:`lifetimeValueAverage`,label:`Lifetime value per patient`,format:`money`,whenNull:`No patients yet`}]});ae(`
  fragment RetentionCard on Retention {
    patientsSeen
    returningPatients
    firstVisits
    rebookingRate
    visitsPerPatient
    meta {
      ...Meta
    }
  }
`);var fe=F({key:`retention`,group:`RETENTION`,title:`Retention`,headline:{field:`patientsSeen`,label:`Patients seen`,format:`count`},change:{from:`comparison`,group:`retention`},figures:[{field:`returningPatients`,label:`Returning patients`,format:`count`},{field:`firstVisits`,label:`First visit ever`,format:`count`},{field:`rebookingRate`,label:`Rebook rate`,format:`percent`,whenNull:`No visits attended`},{field:`visitsPerPatient`,label:`Visits per patient`,format:`decimal`,whenNull:`No patients seen`}]});ae(`
  fragment SummaryCard on DashboardSummary {
    activePatients
    engagementRate
    patientsWithRecent
    patientsWithUpcoming
    totalPatients
    lastSyncedAt
    meta {
      ...Meta
    }
  }
`);var pe=[se,ce,le,ue,fe,I,F({key:`summary`,group:`SUMMARY`,title:`Engagement today`,span:`Now: the last 30 days and the next 7`,headline:{field:`activePatients`,label:`Active patients`,format:`count`},change:{from:`comparison`,group:`summary`},figures:[{field:`engagementRate`,label:`Engagement rate`,format:`percent`},{field:`patientsWithRecent`,label:`Seen in the last 30 days`,format:`count`},{field:`patientsWithUpcoming`,label:`Booked in the next 7 days`,format:`count`},{field:`totalPatients`,label:`All patients`,format:`count`},{field:`lastSyncedAt`,label:`Last sync`,format:`datetime`,whenNull:`Never synced`}]}),de],me=ae(`
  query Comparison(
    $org: ID!
    $window: WindowInput!
    $asOf: DateTime!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $summary: Boolean!
    $reengagement: Boolean!
  ) {
    organization(id: $org) {
      patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {
        newPatients
      }
      financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {
        totalRevenue
      }
      automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {
        automationBookings
      }
      visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {
        attended
      }
      retention(window: $window, asOf: $asOf) @include(if: $retention) {
        patientsSeen
      }
      summary(asOf: $asOf) @include(if: $summary) {
        activePatients
      }
      reengagement(asOf: $asOf) @include(if: $reengagement) {
        currentlyDormant
      }
    }
  }
`),he=class{currency;timeZone;counts;amounts;percents;changes;scores;decimals;instants;days;shortDays;localDays;compactCounts;compactAmounts;constructor(e,t,n){this.currency=e,this.timeZone=t,this.counts=new Intl.NumberFormat(n,{maximumFractionDigits:0}),this.amounts=new Intl.NumberFormat(n,{style:`currency`,currency:e}),this.percents=new Intl.NumberFormat(n,{style:`unit`,unit:`percent`,maximumFractionDigits:1}),this.changes=new Intl.NumberFormat(n,{style:`unit`,unit:`percent`,maximumFractionDigits:1,signDisplay:`exceptZero`}),this.scores=new Intl.NumberFormat(n,{maximumFractionDigits:1}),this.decimals=new Intl.NumberFormat(n,{minimumFractionDigits:2,maximumFractionDigits:2}),this.instants=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeStyle:`short`,timeZone:t}),this.days=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeZone:`UTC`}),this.shortDays=new Intl.DateTimeFormat(n,{day:`numeric`,month:`short`,timeZone:`UTC`}),this.localDays=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeZone:t}),this.compactCounts=new Intl.NumberFormat(n,{notation:`compact`,maximumFractionDigits:1}),this.compactAmounts=new Intl.NumberFormat(n,{style:`currency`,currency:e,notation:`compact`})}figure(e,t){if(t==null)return`—`;switch(e){case`count`:return this.counts.format(Number(t));case`money`:return this.amounts.format(Number(t));case`percent`:return this.percents.format(Number(t));case`change`:return this.changes.format(Number(t));case`score`:return this.scores.format(Number(t));case`decimal`:return this.decimals.format(Number(t));case`datetime`:return this.instants.format(new Date(String(t)))}}tick(e,t){return e===`money`?this.compactAmounts.format(t):e===`percent`?this.percents.format(t):this.compactCounts.format(t)}instant(e){return this.instants.format(new Date(e))}day(e,t=!1){return(t?this.shortDays:this.days).format(ge(e))}span(e,t){let n=new Date(new Date(t).getTime()-1);return this.localDays.formatRange(new Date(e),n)}};function ge(e){let[t,n,r]=e.split(`-`).map(Number);return new Date(Date.UTC(t,n-1,r))}function _e(e,t){if(e==null||t==null||t===0)return null;let n=(e-t)*1e3/t;return Math.sign(n)*Math.round(Math.abs(n))/10}var ve={bookingMetrics:`BOOKING_METRICS`,patientMetrics:`PATIENT_METRICS`,financialMetrics:`FINANCIAL_METRICS`,automationMetrics:`AUTOMATION_METRICS`,visitOutcomes:`VISIT_OUTCOMES`,retention:`RETENTION`,breakdown:`BREAKDOWN`,summary:`SUMMARY`,reengagement:`REENGAGEMENT`,charts:`CHARTS`,upcomingAppointments:`UPCOMING_APPOINTMENTS`},ye=[`BOOKING_METRICS`,`PATIENT_METRICS`,`FINANCIAL_METRICS`,`AUTOMATION_METRICS`,`VISIT_OUTCOMES`,`RETENTION`,`BREAKDOWN`,`CHARTS`];function be(e){let t={};for(let[n,r]of Object.entries(ve))t[n]=e===`all`||e.includes(r);return t}var xe=[[`LAST_7_DAYS`,`Last 7 days`],[`LAST_30_DAYS`,`Last 30 days`],[`LAST_90_DAYS`,`Last 90 days`],[`LAST_365_DAYS`,`Last 365 days`]],Se=[[`TODAY`,`Today`],[`YESTERDAY`,`Yesterday`],[`WEEK_TO_DATE`,`This week so far`],[`LAST_WEEK`,`Last week`],[`MONTH_TO_DATE`,`This month so far`],[`LAST_MONTH`,`Last month`],[`QUARTER_TO_DATE`,`This quarter so far`],[`LAST_QUARTER`,`Last quarter`],[`YEAR_TO_DATE`,`This year so far`],[`LAST_YEAR`,`Last year`]],L=`RANGE`,R=`LAST_30_DAYS`,Ce=[...xe.map(([e,t])=>({value:e,label:t,group:`Rolling`})),...Se.map(([e,t])=>({value:e,label:t,group:`Calendar`})),{value:L,label:`Date range…`,group:`Custom`}],we=[[`PREVIOUS_PERIOD`,`Previous period`],[`SAME_PERIOD_LAST_YEAR`,`Same period last year`]];function Te(e){return e.value===`RANGE`&&e.range?{range:e.range}:xe.some(([t])=>t===e.value)?{last:e.value}:Se.some(([t])=>t===e.value)?{period:e.value}:{last:R}}function Ee(e){return Ce.some(t=>t.value===e)}function De(e){let t=Oe(e);return t<=62?`DAY`:t<=200?`WEEK`:`MONTH`}function Oe(e){switch(e.value){case`LAST_7_DAYS`:return 7;case`LAST_30_DAYS`:return 30;case`LAST_90_DAYS`:return 90;case`LAST_365_DAYS`:return 365;case`QUARTER_TO_DATE`:case`LAST_QUARTER`:return 92;case`YEAR_TO_DATE`:case`LAST_YEAR`:return 366;case L:return e.range?ke(e.range.from,e.range.to)+1:30;default:return 31}}function ke(e,t){return Math.round((Date.parse(`${t}T00:00:00Z`)-Date.parse(`${e}T00:00:00Z`))/864e5)}function Ae(e,t,n){let r=Te(e);if(`last`in r&&r.last)return{window:r,asOf:t.end};let i=je(t.start,n),a=je(t.end,n);if(i.midnight&&a.midnight){let e=je(new Date(Date.parse(t.end)-1).toISOString(),n).day;return{window:{range:{from:i.day,to:e}},asOf:t.end}}return{window:r,asOf:t.end}}function je(e,t){let n=new Intl.DateTimeFormat(`en-GB`,{timeZone:t,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`,hourCycle:`h23`}).formatToParts(new Date(e)),r=e=>n.find(t=>t.type===e)?.value??`00`,i=`${r(`hour`)}:${r(`minute`)}:${r(`second`)}`,a=new Date(e).getUTCMilliseconds();return{day:`${r(`year`)}-${r(`month`)}-${r(`day`)}`,midnight:i===`00:00:00`&&a===0}}function Me(e){return je(new Date().toISOString(),e).day}var Ne=[[`PRACTITIONER`,`Practitioner`,`practitioner`],[`APPOINTMENT_TYPE`,`Appointment type`,`appointment type`],[`SOURCE`,`Booked by`,`how it was booked`]],Pe=[{field:`appointments`,label:`Appointments`,format:`count`},{field:`attended`,label:`Attended`,format:`count`},{field:`noShows`,label:`No-shows`,format:`count`},{field:`noShowRate`,label:`No-show rate`,format:`percent`,whenNull:`no visit attended or missed`},{field:`cancellations`,label:`Cancellations`,format:`count`},{field:`revenue`,label:`Revenue`,format:`money`},{field:`patientsSeen`,label:`Patients seen`,format:`count`},{field:`rebookingRate`,label:`Rebook rate`,format:`percent`,whenNull:`no visit attended`},{field:`bookings`,label:`New bookings`,format:`count`}],Fe=class{element=g(`section`,{class:`breakdown`,"aria-labelledby":`breakdown-title`});by=`PRACTITIONER`;body=g(`div`,{class:`breakdown-body`});constructor(e){let t=g(`select`,{id:`breakdown-by`,"data-control":`breakdown`},...Ne.map(([e,t])=>g(`option`,{value:e,selected:e===this.by},t)));t.addEventListener(`change`,()=>{this.by=t.value,this.status(`Loading the breakdown…`),e()}),y(this.element,g(`h2`,{id:`breakdown-title`,class:`section-title`},`Breakdown`),g(`div`,{class:`field`},g(`label`,{for:`breakdown-by`},`Break down by`),t),this.body)}render(e,t,n){if(!e||e.by!==this.by){this.status(e===null?t[0]?.message??`Not available`:`Loading the breakdown…`);return}let[,r,i]=Ne.find(([t])=>t===e.by),a=new Map(Pe.filter(t=>e.rows.some(e=>e[t.field]===null)).map(e=>[e.field,x(`note`)])),o=`Appointments starting in the window by ${i}, highest revenue first`;y(this.body,g(`p`,{class:`span`,"aria-hidden":`true`},o),g(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`Breakdown table`},g(`table`,{"data-by":e.by},g(`caption`,{class:`visually-hidden`},o),g(`thead`,null,g(`tr`,null,g(`th`,{scope:`col`},r),...Pe.map(e=>g(`th`,{scope:`col`},e.label)))),g(`tbody`,null,...e.rows.length?e.rows.map(e=>this.row(e,a,n)):[g(`tr`,null,g(`td`,{colspan:Pe.length+1},`No appointments in the window.`))]))),a.size?g(`ul`,{class:`notes`},...Pe.filter(e=>a.has(e.field)).map(e=>g(`li`,{id:a.get(e.field)},`— in ${e.label}: ${e.whenNull??`not available`}`))):null)}row(e,t,n){let r=e.key??``;return g(`tr`,{"data-key":r},g(`th`,{scope:`row`},e.label),...Pe.map(i=>{let a=e[i.field];return g(`td`,{"data-metric":`breakdown.${i.field}`,"data-key":r,"aria-describedby":a===null?t.get(i.field):null},n.figure(i.format,a))}))}status(e){y(this.body,g(`p`,{class:`problem`,role:`status`},e))}};function Ie(e,t,n){let r=x(`card`),i=t.errors.find(e=>e.path?.length===2),a=e.change?.from===`field`?e.change.field:null,o=e.figures.filter(e=>e.field!==a);return g(`section`,{class:`card`,"aria-labelledby":r,"data-card":e.key},g(`h2`,{id:r},e.title),e.span?g(`p`,{class:`span`},e.span):null,g(`p`,{class:`headline`},g(`span`,{class:`label`},e.headline.label),Le(e,e.headline,t,n,`value big`)),ze(e,t,n),o.length?g(`dl`,null,...o.map(r=>g(`div`,null,g(`dt`,null,r.label),g(`dd`,null,Le(e,r,t,n,`value`))))):null,i?g(`p`,{class:`problem`,role:`status`},i.message):null)}function Le(e,t,n,r,i){let a=n.data?.[t.field],o=r.figure(t.format,a),s=g(`span`,{class:i,"data-metric":`${e.key}.${t.field}`},o);if(o!==`—`)return s;let c=Re(t,n),l=x(`reason`);return s.setAttribute(`aria-describedby`,l),g(`span`,{class:`missing`},s,g(`span`,{class:`reason`,id:l},c))}function Re(e,t){let n=t.errors.find(t=>t.path?.[2]===e.field);return n?n.message:t.errors.find(e=>e.path?.length===2)?`Not available`:t.data===void 0?`Loading`:e.whenNull??`Not available`}function ze(e,t,n){if(!e.change||!t.data)return null;let r,i;e.change.from===`field`?(r=t.data[e.change.field]??null,i=g(`span`,{"data-metric":`${e.key}.${e.change.field}`},n.figure(`change`,r))):(r=_e(t.data[e.headline.field],t.compared),i=g(`span`,{"data-change":e.key},n.figure(`change`,r)));let a=r===null?`none`:r>0?`up`:r<0?`down`:`flat`,o={up:`▲`,down:`▼`,flat:`▶`,none:``}[a],s={up:`Up`,down:`Down`,flat:`No change`,none:`No comparison`}[a],c=e.figures.find(t=>e.change?.from===`field`&&t.field===e.change.field);return g(`p`,{class:`change ${a}`},o?g(`span`,{"aria-hidden":`true`},o,` `):null,g(`span`,{class:`visually-hidden`},`${s}: `),i,t.comparedWith?` vs ${t.comparedWith}`:null,r===null&&c?.whenNull?g(`span`,{class:`reason`},c.whenNull):null)}var Be=!0,Ve=`uplot`,He=`u-hz`,Ue=`u-vt`,We=`u-title`,Ge=`u-wrap`,Ke=`u-under`,qe=`u-over`,Je=`u-axis`,Ye=`u-off`,Xe=`u-select`,Ze=`u-cursor-x`,Qe=`u-cursor-y`,$e=`u-cursor-pt`,et=`u-legend`,tt=`u-live`,nt=`u-inline`,rt=`u-series`,it=`u-marker`,at=`u-label`,ot=`u-value`,st=`width`,ct=`height`,lt=`top`,ut=`bottom`,dt=`left`,ft=`right`,pt=`#000`,mt=`#0000`,ht=`mousemove`,gt=`mousedown`,_t=`mouseup`,vt=`mouseenter`,yt=`mouseleave`,bt=`dblclick`,xt=`resize`,St=`scroll`,Ct=`change`,wt=`dppxchange`,Tt=`--`,Et=typeof window<`u`,Dt=Et?document:null,Ot=Et?window:null,kt=Et?navigator:null,z,At;function jt(){let e=devicePixelRatio;z!=e&&(z=e,At&&Gt(Ct,At,jt),At=matchMedia(`(min-resolution: ${z-.001}dppx) and (max-resolution: ${z+.001}dppx)`),Wt(Ct,At,jt),Ot.dispatchEvent(new CustomEvent(wt)))}function Mt(e,t){if(t!=null){let n=e.classList;!n.contains(t)&&n.add(t)}}function Nt(e,t){let n=e.classList;n.contains(t)&&n.remove(t)}function B(e,t,n){e.style[t]=n+`px`}function Pt(e,t,n,r){let i=Dt.createElement(e);return t!=null&&Mt(i,t),n?.insertBefore(i,r),i}function Ft(e,t){return Pt(`div`,e,t)}var It=new WeakMap;function Lt(e,t,n,r,i){let a=`translate(`+t+`px,`+n+`px)`;a!=It.get(e)&&(e.style.transform=a,It.set(e,a),t<0||n<0||t>r||n>i?Mt(e,Ye):Nt(e,Ye))}var Rt=new WeakMap;function zt(e,t,n){let r=t+n;r!=Rt.get(e)&&(Rt.set(e,r),e.style.background=t,e.style.borderColor=n)}var Bt=new WeakMap;function Vt(e,t,n,r){let i=t+``+n;i!=Bt.get(e)&&(Bt.set(e,i),e.style.height=n+`px`,e.style.width=t+`px`,e.style.marginLeft=r?-t/2+`px`:0,e.style.marginTop=r?-n/2+`px`:0)}var Ht={passive:!0},Ut={...Ht,capture:!0};function Wt(e,t,n,r){t.addEventListener(e,n,r?Ut:Ht)}function Gt(e,t,n,r){t.removeEventListener(e,n,Ht)}Et&&jt();function Kt(e,t,n,r){let i;n||=0,r||=t.length-1;let a=r<=2147483647;for(;r-n>1;)i=a?n+r>>1:fn((n+r)/2),t[i]<e?n=i:r=i;return e-t[n]<=t[r]-e?n:r}function qt(e){return(t,n,r)=>{let i=-1,a=-1;for(let a=n;a<=r;a++)if(e(t[a])){i=a;break}for(let i=r;i>=n;i--)if(e(t[i])){a=i;break}return[i,a]}}var Jt=e=>e!=null,Yt=e=>e!=null&&e>0,Xt=qt(Jt),Zt=qt(Yt);function Qt(e,t,n,r=0,i=!1){let a=i?Zt:Xt,o=i?Yt:Jt;[t,n]=a(e,t,n);let s=e[t],c=e[t];if(t>-1){if(r==1)s=e[t],c=e[n];else if(r==-1)s=e[n],c=e[t];else for(let r=t;r<=n;r++){let t=e[r];o(t)&&(t<s?s=t:t>c&&(c=t))}}return[s??W,c??-W]}function $t(e,t,n,r){let i=vn(e),a=vn(t);e==t&&(i==-1?(e*=n,t/=n):(e/=n,t*=n));let o=n==10?yn:bn,s=i==1?fn:mn,c=a==1?mn:fn,l=s(o(dn(e))),u=c(o(dn(t))),d=_n(n,l),f=_n(n,u);return n==10&&(l<0&&(d=K(d,-l)),u<0&&(f=K(f,-u))),r||n==2?(e=d*i,t=f*a):(e=In(e,d),t=Fn(t,f)),[e,t]}function en(e,t,n,r){let i=$t(e,t,n,r);return e==0&&(i[0]=0),t==0&&(i[1]=0),i}var tn=.1,nn={mode:3,pad:tn},rn={pad:0,soft:null,mode:0},an={min:rn,max:rn};function on(e,t,n,r){return qn(n)?cn(e,t,n):(rn.pad=n,rn.soft=r?0:null,rn.mode=r?3:0,cn(e,t,an))}function V(e,t){return e??t}function sn(e,t,n){for(t=V(t,0),n=V(n,e.length-1);t<=n;){if(e[t]!=null)return!0;t++}return!1}function cn(e,t,n){let r=n.min,i=n.max,a=V(r.pad,0),o=V(i.pad,0),s=V(r.hard,-W),c=V(i.hard,W),l=V(r.soft,W),u=V(i.soft,-W),d=V(r.mode,0),f=V(i.mode,0),p=t-e,m=yn(p),h=gn(dn(e),dn(t)),g=dn(yn(h)-m);(p<1e-24||g>10)&&(p=0,(e==0||t==0)&&(p=1e-24,d==2&&l!=W&&(a=0),f==2&&u!=-W&&(o=0)));let _=p||h||1e3,v=_n(10,fn(yn(_))),y=K(In(e-_*(p==0?e==0?.1:1:a),v/10),24),b=e>=l&&(d==1||d==3&&y<=l||d==2&&y>=l)?l:W,x=gn(s,y<b&&e>=b?b:hn(b,y)),S=K(Fn(t+_*(p==0?t==0?.1:1:o),v/10),24),C=t<=u&&(f==1||f==3&&S>=u||f==2&&S<=u)?u:-W,w=hn(c,S>C&&t<=C?C:gn(C,S));return x==w&&x==0&&(w=100),[x,w]}var ln=new Intl.NumberFormat(Et?kt.language:`en-US`),H=e=>ln.format(e),U=Math,un=U.PI,dn=U.abs,fn=U.floor,pn=U.round,mn=U.ceil,hn=U.min,gn=U.max,_n=U.pow,vn=U.sign,yn=U.log10,bn=U.log2,xn=(e,t=1)=>U.sinh(e)*t,Sn=(e,t=1)=>U.asinh(e/t),W=1/0;function Cn(e){return(yn((e^e>>31)-(e>>31))|0)+1}function wn(e,t,n){return hn(gn(e,t),n)}function Tn(e){return typeof e==`function`}function G(e){return Tn(e)?e:()=>e}var En=()=>{},Dn=e=>e,On=(e,t)=>t,kn=e=>null,An=e=>!0,jn=(e,t)=>e==t,Mn=/\.\d*?(?=9{6,}|0{6,})/gm,Nn=e=>{if(Wn(e)||Ln.has(e))return e;let t=`${e}`,n=t.match(Mn);if(n==null)return e;let r=n[0].length-1;if(t.indexOf(`e-`)!=-1){let[e,n]=t.split(`e`);return+`${Nn(e)}e${n}`}return K(e,r)};function Pn(e,t){return Nn(K(Nn(e/t))*t)}function Fn(e,t){return Nn(mn(Nn(e/t))*t)}function In(e,t){return Nn(fn(Nn(e/t))*t)}function K(e,t=0){if(Wn(e))return e;let n=10**t;return pn(e*n*(1+2**-52))/n}var Ln=new Map;function Rn(e){return((``+e).split(`.`)[1]||``).length}function zn(e,t,n,r){let i=[],a=r.map(Rn);for(let o=t;o<n;o++){let t=dn(o),n=K(_n(e,o),t);for(let s=0;s<r.length;s++){let c=e==10?+`${r[s]}e${o}`:r[s]*n,l=(o>=0?0:t)+(o>=a[s]?0:a[s]),u=e==10?c:K(c,l);i.push(u),Ln.set(u,l)}}return i}var Bn={},Vn=[],Hn=[null,null],Un=Array.isArray,Wn=Number.isInteger,Gn=e=>e===void 0;function Kn(e){return typeof e==`string`}function qn(e){let t=!1;if(e!=null){let n=e.constructor;t=n==null||n==Object}return t}function Jn(e){return typeof e==`object`&&!!e}var Yn=Object.getPrototypeOf(Uint8Array),Xn=`__proto__`;function Zn(e,t=qn){let n;if(Un(e)){let r=e.find(e=>e!=null);if(Un(r)||t(r)){n=Array(e.length);for(let r=0;r<e.length;r++)n[r]=Zn(e[r],t)}else n=e.slice()}else if(e instanceof Yn)n=e.slice();else if(t(e)){n={};for(let r in e)r!=Xn&&(n[r]=Zn(e[r],t))}else n=e;return n}function Qn(e){let t=arguments;for(let n=1;n<t.length;n++){let r=t[n];for(let t in r)t!=Xn&&(qn(e[t])?Qn(e[t],Zn(r[t])):e[t]=Zn(r[t]))}return e}var $n=0,er=1,tr=2;function nr(e,t,n){for(let r=0,i,a=-1;r<t.length;r++){let o=t[r];if(o>a){for(i=o-1;i>=0&&e[i]==null;)e[i--]=null;for(i=o+1;i<n&&e[i]==null;)e[a=i++]=null}}}function rr(e,t){if(or(e)){let t=e[0].slice();for(let n=1;n<e.length;n++)t.push(...e[n].slice(1));return sr(t[0])||(t=ar(t)),t}let n=new Set;for(let t=0;t<e.length;t++){let r=e[t][0],i=r.length;for(let e=0;e<i;e++)n.add(r[e])}let r=[Array.from(n).sort((e,t)=>e-t)],i=r[0].length,a=new Map;for(let e=0;e<i;e++)a.set(r[0][e],e);for(let n=0;n<e.length;n++){let o=e[n],s=o[0];for(let e=1;e<o.length;e++){let c=o[e],l=Array(i).fill(void 0),u=t?t[n][e]:er,d=[];for(let e=0;e<c.length;e++){let t=c[e],n=a.get(s[e]);t===null?u!=$n&&(l[n]=t,u==tr&&d.push(n)):l[n]=t}nr(l,d,i),r.push(l)}}return r}var ir=typeof queueMicrotask>`u`?e=>Promise.resolve().then(e):queueMicrotask;function ar(e){let t=e[0],n=t.length,r=Array(n);for(let e=0;e<r.length;e++)r[e]=e;r.sort((e,n)=>t[e]-t[n]);let i=[];for(let t=0;t<e.length;t++){let a=e[t],o=Array(n);for(let e=0;e<n;e++)o[e]=a[r[e]];i.push(o)}return i}function or(e){let t=e[0][0],n=t.length;for(let r=1;r<e.length;r++){let i=e[r][0];if(i.length!=n)return!1;if(i!=t){for(let e=0;e<n;e++)if(i[e]!=t[e])return!1}}return!0}function sr(e,t=100){let n=e.length;if(n<=1)return!0;let r=0,i=n-1;for(;r<=i&&e[r]==null;)r++;for(;i>=r&&e[i]==null;)i--;if(i<=r)return!0;let a=gn(1,fn((i-r+1)/t));for(let t=e[r],n=r+a;n<=i;n+=a){let r=e[n];if(r!=null){if(r<=t)return!1;t=r}}return!0}var cr=[`January`,`February`,`March`,`April`,`May`,`June`,`July`,`August`,`September`,`October`,`November`,`December`],lr=[`Sunday`,`Monday`,`Tuesday`,`Wednesday`,`Thursday`,`Friday`,`Saturday`];function ur(e){return e.slice(0,3)}var dr=lr.map(ur),fr={MMMM:cr,MMM:cr.map(ur),WWWW:lr,WWW:dr};function pr(e){return(e<10?`0`:``)+e}function mr(e){return(e<10?`00`:e<100?`0`:``)+e}var hr={YYYY:e=>e.getFullYear(),YY:e=>(e.getFullYear()+``).slice(2),MMMM:(e,t)=>t.MMMM[e.getMonth()],MMM:(e,t)=>t.MMM[e.getMonth()],MM:e=>pr(e.getMonth()+1),M:e=>e.getMonth()+1,DD:e=>pr(e.getDate()),D:e=>e.getDate(),WWWW:(e,t)=>t.WWWW[e.getDay()],WWW:(e,t)=>t.WWW[e.getDay()],HH:e=>pr(e.getHours()),H:e=>e.getHours(),h:e=>{let t=e.getHours();return t==0?12:t>12?t-12:t},AA:e=>e.getHours()>=12?`PM`:`AM`,aa:e=>e.getHours()>=12?`pm`:`am`,a:e=>e.getHours()>=12?`p`:`a`,mm:e=>pr(e.getMinutes()),m:e=>e.getMinutes(),ss:e=>pr(e.getSeconds()),s:e=>e.getSeconds(),fff:e=>mr(e.getMilliseconds())};function gr(e,t){t||=fr;let n=[],r=/\{([a-z]+)\}|[^{]+/gi,i;for(;i=r.exec(e);)n.push(i[0][0]==`{`?hr[i[1]]:i[0]);return e=>{let r=``;for(let i=0;i<n.length;i++)r+=typeof n[i]==`string`?n[i]:n[i](e,t);return r}}var _r=new Intl.DateTimeFormat().resolvedOptions().timeZone;function vr(e,t){let n;return t==`UTC`||t==`Etc/UTC`?n=new Date(+e+e.getTimezoneOffset()*6e4):t==_r?n=e:(n=new Date(e.toLocaleString(`en-US`,{timeZone:t})),n.setMilliseconds(e.getMilliseconds())),n}var yr=e=>e%1==0,br=[1,2,2.5,5],xr=zn(10,-32,0,br),Sr=zn(10,0,32,br),Cr=Sr.filter(yr),wr=xr.concat(Sr),Tr=`
`,Er=`{YYYY}`,Dr=Tr+Er,Or=`{M}/{D}`,kr=Tr+Or,Ar=kr+`/{YY}`,jr=`{aa}`,Mr=`{h}:{mm}`+jr,Nr=Tr+Mr,Pr=`:{ss}`,q=null;function Fr(e){let t=e*1e3,n=t*60,r=n*60,i=r*24,a=i*30,o=i*365,s=(e==1?zn(10,0,3,br).filter(yr):zn(10,-3,0,br)).concat([t,t*5,t*10,t*15,t*30,n,n*5,n*10,n*15,n*30,r,r*2,r*3,r*4,r*6,r*8,r*12,i,i*2,i*3,i*4,i*5,i*6,i*7,i*8,i*9,i*10,i*15,a,a*2,a*3,a*4,a*6,o,o*2,o*5,o*10,o*25,o*50,o*100]),c=[[o,Er,q,q,q,q,q,q,1],[i*28,`{MMM}`,Dr,q,q,q,q,q,1],[i,Or,Dr,q,q,q,q,q,1],[r,`{h}`+jr,Ar,q,kr,q,q,q,1],[n,Mr,Ar,q,kr,q,q,q,1],[t,Pr,Ar+` `+Mr,q,kr+` `+Mr,q,Nr,q,1],[e,Pr+`.{fff}`,Ar+` `+Mr,q,kr+` `+Mr,q,Nr,q,1]];function l(t){return(s,c,l,u,d,f)=>{let p=[],m=d>=o,h=d>=a&&d<o,g=t(l),_=K(g*e,3),v=Gr(g.getFullYear(),m?0:g.getMonth(),h||m?1:g.getDate()),y=K(v*e,3);if(h||m){let n=h?d/a:0,r=m?d/o:0,i=_==y?_:K(Gr(v.getFullYear()+r,v.getMonth()+n,1)*e,3),s=new Date(pn(i/e)),c=s.getFullYear(),l=s.getMonth();for(let a=0;i<=u;a++){let o=Gr(c+r*a,l+n*a,1),s=o-t(K(o*e,3));i=K((+o+s)*e,3),i<=u&&p.push(i)}}else{let a=d>=i?i:d,o=y+(fn(l)-fn(_))+Fn(_-y,a);p.push(o);let m=t(o),h=m.getHours()+m.getMinutes()/n+m.getSeconds()/r,g=d/r,v=f/s.axes[c]._space;for(;o=K(o+d,e==1?0:3),!(o>u);)if(g>1){let e=fn(K(h+g,6))%24,n=t(o).getHours()-e;n>1&&(n=-1),o-=n*r,h=(h+g)%24;let i=p[p.length-1];K((o-i)/d,3)*v>=.7&&p.push(o)}else p.push(o)}return p}}return[s,c,l]}var[Ir,Lr,Rr]=Fr(1),[zr,Br,Vr]=Fr(.001);zn(2,-53,53,[1]);function Hr(e,t){return e.map(e=>e.map((n,r)=>r==0||r==8||n==null?n:t(r==1||e[8]==0?n:e[1]+n)))}function Ur(e,t){return(n,r,i,a,o)=>{let s=t.find(e=>o>=e[0])||t[t.length-1],c,l,u,d,f,p;return r.map(t=>{let n=e(t),r=n.getFullYear(),i=n.getMonth(),a=n.getDate(),o=n.getHours(),m=n.getMinutes(),h=n.getSeconds(),g=r!=c&&s[2]||i!=l&&s[3]||a!=u&&s[4]||o!=d&&s[5]||m!=f&&s[6]||h!=p&&s[7]||s[1];return c=r,l=i,u=a,d=o,f=m,p=h,g(n)})}}function Wr(e,t){let n=gr(t);return(t,r,i,a,o)=>r.map(t=>n(e(t)))}function Gr(e,t,n){return new Date(e,t,n)}function Kr(e,t){return t(e)}var qr=`{YYYY}-{MM}-{DD} {h}:{mm}{aa}`;function Jr(e,t){return(n,r,i,a)=>a==null?Tt:t(e(r))}function Yr(e,t){let n=e.series[t];return n.width?n.stroke(e,t):n.points.width?n.points.stroke(e,t):null}function Xr(e,t){return e.series[t].fill(e,t)}var Zr={show:!0,live:!0,isolate:!1,mount:En,markers:{show:!0,width:2,stroke:Yr,fill:Xr,dash:`solid`},idx:null,idxs:null,values:[]};function Qr(e,t){let n=e.cursor.points,r=Ft(),i=n.size(e,t);B(r,st,i),B(r,ct,i);let a=i/-2;B(r,`marginLeft`,a),B(r,`marginTop`,a);let o=n.width(e,t,i);return o&&B(r,`borderWidth`,o),r}function J(e,t){let n=e.series[t].points;return n._fill||n._stroke}function Y(e,t){let n=e.series[t].points;return n._stroke||n._fill}function $r(e,t){return e.series[t].points.size}var ei=[0,0];function ti(e,t,n){return ei[0]=t,ei[1]=n,ei}function X(e,t,n,r=!0){return e=>{e.button!=0||r&&e.target!=t||n(e)}}function Z(e,t,n,r=!0){return e=>{r&&e.target!=t||n(e)}}var ni={show:!0,x:!0,y:!0,lock:!1,move:ti,points:{one:!1,show:Qr,size:$r,width:0,stroke:Y,fill:J},bind:{mousedown:X,mouseup:X,click:X,dblclick:X,mousemove:Z,mouseleave:Z,mouseenter:Z},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(e,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(e,t,n,r,i)=>r-i,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},ri={show:!0,stroke:`rgba(0,0,0,0.07)`,width:2},ii=Qn({},ri,{filter:On}),ai=Qn({},ii,{size:10}),oi=Qn({},ri,{show:!1}),si=`12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"`,ci=`bold `+si,li=1.5,ui={show:!0,scale:`x`,stroke:pt,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:ci,side:2,grid:ii,ticks:ai,border:oi,font:si,lineGap:li,rotate:0},di=`Value`,fi=`Time`,pi={show:!0,scale:`x`,auto:!1,sorted:1,min:W,max:-1/0,idxs:[]};function mi(e,t,n,r,i){return t.map(e=>e==null?``:H(e))}function hi(e,t,n,r,i,a,o){let s=[],c=Ln.get(i)||0;n=o?n:K(Fn(n,i),c);for(let e=n;e<=r;e=K(e+i,c))s.push(Object.is(e,-0)?0:e);return s}function gi(e,t,n,r,i,a,o){let s=[],c=e.scales[e.axes[t].scale].log;i=_n(c,fn((c==10?yn:bn)(n))),c==10&&(i=wr[Kt(i,wr)]);let l=n,u=i*c;c==10&&(u=wr[Kt(u,wr)]);do s.push(l),l+=i,c==10&&!Ln.has(l)&&(l=K(l,Ln.get(i))),l>=u&&(i=l,u=i*c,c==10&&(u=wr[Kt(u,wr)]));while(l<=r);return s}function _i(e,t,n,r,i,a,o){let s=e.scales[e.axes[t].scale].asinh,c=r>s?gi(e,t,gn(s,n),r,i):[s],l=r>=0&&n<=0?[0]:[];return(n<-s?gi(e,t,gn(s,-r),-n,i):[s]).reverse().map(e=>-e).concat(l,c)}var vi=/./,yi=/[12357]/,bi=/[125]/,xi=/1/,Si=(e,t,n,r)=>e.map((e,i)=>t==4&&e==0||i%r==0&&n.test(e.toExponential()[+(e<0)])?e:null);function Ci(e,t,n,r,i){let a=e.axes[n],o=a.scale,s=e.scales[o],c=e.valToPos,l=a._space,u=c(10,o),d=c(9,o)-u>=l?vi:c(7,o)-u>=l?yi:c(5,o)-u>=l?bi:xi;if(d==xi){let e=dn(c(1,o)-u);if(e<l)return Si(t.slice().reverse(),s.distr,d,mn(l/e)).reverse()}return Si(t,s.distr,d,1)}function wi(e,t,n,r,i){let a=e.axes[n],o=a.scale,s=a._space,c=e.valToPos,l=dn(c(1,o)-c(2,o));return l<s?Si(t.slice().reverse(),3,vi,mn(s/l)).reverse():t}function Ti(e,t,n,r){return r==null?Tt:t==null?``:H(t)}var Ei={show:!0,scale:`y`,stroke:pt,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:ci,side:3,grid:ii,ticks:ai,border:oi,font:si,lineGap:li,rotate:0};function Di(e,t){return K((3+(e||1)*2)*t,3)}function Oi(e,t){let{scale:n,idxs:r}=e.series[0],i=e._data[0],a=e.valToPos(i[r[0]],n,!0),o=dn(e.valToPos(i[r[1]],n,!0)-a)/(e.series[t].points.space*z);return r[1]-r[0]<=o}var ki={scale:null,auto:!0,sorted:0,min:W,max:-1/0},Ai=(e,t,n,r,i)=>i,ji={show:!0,auto:!0,sorted:0,gaps:Ai,alpha:1,facets:[Qn({},ki,{scale:`x`}),Qn({},ki,{scale:`y`})]},Mi={scale:`y`,auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:Ai,alpha:1,points:{show:Oi,filter:null},values:null,min:W,max:-1/0,idxs:[],path:null,clip:null};function Ni(e,t,n,r,i){return n/10}var Pi={time:Be,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},Fi=Qn({},Pi,{time:!1,ori:1}),Ii={};function Li(e,t){let n=Ii[e];return n||(n={key:e,plots:[],sub(e){n.plots.push(e)},unsub(e){n.plots=n.plots.filter(t=>t!=e)},pub(e,t,r,i,a,o,s){for(let c=0;c<n.plots.length;c++)n.plots[c]!=t&&n.plots[c].pub(e,t,r,i,a,o,s)}},e!=null&&(Ii[e]=n)),n}var Ri=1,zi=2;function Bi(e,t,n){let r=e.mode,i=e.series[t],a=r==2?e._data[t]:e._data,o=e.scales,s=e.bbox,c=a[0],l=r==2?a[1]:a[t],u=r==2?o[i.facets[0].scale]:o[e.series[0].scale],d=r==2?o[i.facets[1].scale]:o[i.scale],f=s.left,p=s.top,m=s.width,h=s.height,g=e.valToPosH,_=e.valToPosV;return u.ori==0?n(i,c,l,u,d,g,_,f,p,m,h,Yi,Zi,$i,ta,ra):n(i,c,l,u,d,_,g,p,f,h,m,Xi,Qi,ea,na,ia)}function Vi(e,t){let n=0,r=0,i=V(e.bands,Vn);for(let e=0;e<i.length;e++){let a=i[e];a.series[0]==t?n=a.dir:a.series[1]==t&&(a.dir==1?r|=1:r|=2)}return[n,r==1?-1:r==2?1:r==3?2:0]}function Hi(e,t,n,r,i){let a=e.mode,o=e.series[t],s=a==2?o.facets[1].scale:o.scale,c=e.scales[s];return i==-1?c.min:i==1?c.max:c.distr==3?c.dir==1?c.min:c.max:0}function Ui(e,t,n,r,i,a){return Bi(e,t,(e,t,o,s,c,l,u,d,f,p,m)=>{let h=e.pxRound,g=s.dir*(s.ori==0?1:-1),_=s.ori==0?Zi:Qi,v,y;g==1?(v=n,y=r):(v=r,y=n);let b=h(l(t[v],s,p,d)),x=h(u(o[v],c,m,f)),S=h(l(t[y],s,p,d)),C=h(u(a==1?c.max:c.min,c,m,f)),w=new Path2D(i);return _(w,S,C),_(w,b,C),_(w,b,x),w})}function Wi(e,t,n,r,i,a){let o=null;if(e.length>0){o=new Path2D;let s=t==0?$i:ea,c=n;for(let t=0;t<e.length;t++){let n=e[t];if(n[1]>n[0]){let e=n[0]-c;e>0&&s(o,c,r,e,r+a),c=n[1]}}let l=n+i-c;l>0&&s(o,c,r-5,l,r+a+10)}return o}function Gi(e,t,n){let r=e[e.length-1];r&&r[0]==t?r[1]=n:e.push([t,n])}function Ki(e,t,n,r,i,a,o){let s=[],c=e.length;for(let l=i==1?n:r;l>=n&&l<=r;l+=i)if(t[l]===null){let u=l,d=l;if(i==1)for(;++l<=r&&t[l]===null;)d=l;else for(;--l>=n&&t[l]===null;)d=l;let f=a(e[u]),p=d==u?f:a(e[d]),m=u-i;f=o<=0&&m>=0&&m<c?a(e[m]):f;let h=d+i;p=o>=0&&h>=0&&h<c?a(e[h]):p,p>=f&&s.push([f,p])}return s}function qi(e){return e==0?Dn:e==1?pn:t=>Pn(t,e)}function Ji(e){let t=e==0?Yi:Xi,n=e==0?(e,t,n,r,i,a)=>{e.arcTo(t,n,r,i,a)}:(e,t,n,r,i,a)=>{e.arcTo(n,t,i,r,a)},r=e==0?(e,t,n,r,i)=>{e.rect(t,n,r,i)}:(e,t,n,r,i)=>{e.rect(n,t,i,r)};return(e,i,a,o,s,c=0,l=0)=>{c==0&&l==0?r(e,i,a,o,s):(c=hn(c,o/2,s/2),l=hn(l,o/2,s/2),t(e,i+c,a),n(e,i+o,a,i+o,a+s,c),n(e,i+o,a+s,i,a+s,l),n(e,i,a+s,i,a,l),n(e,i,a,i+o,a,c),e.closePath())}}var Yi=(e,t,n)=>{e.moveTo(t,n)},Xi=(e,t,n)=>{e.moveTo(n,t)},Zi=(e,t,n)=>{e.lineTo(t,n)},Qi=(e,t,n)=>{e.lineTo(n,t)},$i=Ji(0),ea=Ji(1),ta=(e,t,n,r,i,a)=>{e.arc(t,n,r,i,a)},na=(e,t,n,r,i,a)=>{e.arc(n,t,r,i,a)},ra=(e,t,n,r,i,a,o)=>{e.bezierCurveTo(t,n,r,i,a,o)},ia=(e,t,n,r,i,a,o)=>{e.bezierCurveTo(n,t,i,r,o,a)};function aa(e){return(e,t,n,r,i)=>Bi(e,t,(t,a,o,s,c,l,u,d,f,p,m)=>{let{pxRound:h,points:g}=t,_,v;s.ori==0?(_=Yi,v=ta):(_=Xi,v=na);let y=K(g.width*z,3),b=(g.size-g.width)/2*z,x=K(b*2,3),S=new Path2D,C=new Path2D,{left:w,top:T,width:E,height:D}=e.bbox;$i(C,w-x,T-x,E+x*2,D+x*2);let O=e=>{if(o[e]!=null){let t=h(l(a[e],s,p,d)),n=h(u(o[e],c,m,f));_(S,t+b,n),v(S,t,n,b,0,un*2)}};if(i)i.forEach(O);else for(let e=n;e<=r;e++)O(e);return{stroke:y>0?S:null,fill:S,clip:C,flags:3}})}function oa(e){return(t,n,r,i,a,o)=>{r!=i&&(a!=r&&o!=r&&e(t,n,r),a!=i&&o!=i&&e(t,n,i),e(t,n,o))}}var sa=oa(Zi),ca=oa(Qi);function la(e){let t=V(e?.alignGaps,0);return(e,n,r,i)=>Bi(e,n,(a,o,s,c,l,u,d,f,p,m,h)=>{[r,i]=Xt(s,r,i);let g=a.pxRound,_=e=>g(u(e,c,m,f)),v=e=>g(d(e,l,h,p)),y,b;c.ori==0?(y=Zi,b=sa):(y=Qi,b=ca);let x=c.dir*(c.ori==0?1:-1),S={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Ri},C=S.stroke,w=!1;if(i-r>=m*4){let t=t=>e.posToVal(t,c.key,!0),n=null,a=null,l,u,d,f=_(o[x==1?r:i]),p=_(o[r]),m=_(o[i]),h=t(x==1?p+1:m-1);for(let e=x==1?r:i;e>=r&&e<=i;e+=x){let r=o[e],i=(x==1?r<h:r>h)?f:_(r),c=s[e];i==f?c==null?c===null&&(w=!0):(u=c,n==null?(y(C,i,v(u)),l=n=a=u):u<n?n=u:u>a&&(a=u)):(n!=null&&b(C,f,v(n),v(a),v(l),v(u)),c==null?(n=a=null,c===null&&(w=!0)):(u=c,y(C,i,v(u)),n=a=l=u),f=i,h=t(f+x))}n!=null&&n!=a&&d!=f&&b(C,f,v(n),v(a),v(l),v(u))}else for(let e=x==1?r:i;e>=r&&e<=i;e+=x){let t=s[e];t===null?w=!0:t!=null&&y(C,_(o[e]),v(t))}let[T,E]=Vi(e,n);if(a.fill!=null||T!=0){let t=S.fill=new Path2D(C),s=v(a.fillTo(e,n,a.min,a.max,T)),c=_(o[r]),l=_(o[i]);x==-1&&([l,c]=[c,l]),y(t,l,s),y(t,c,s)}if(!a.spanGaps){let l=[];w&&l.push(...Ki(o,s,r,i,x,_,t)),S.gaps=l=a.gaps(e,n,r,i,l),S.clip=Wi(l,c.ori,f,p,m,h)}return E!=0&&(S.band=E==2?[Ui(e,n,r,i,C,-1),Ui(e,n,r,i,C,1)]:Ui(e,n,r,i,C,E)),S})}function ua(e){let t=V(e.align,1),n=V(e.ascDesc,!1),r=V(e.alignGaps,0),i=V(e.extend,!1);return(e,a,o,s)=>Bi(e,a,(c,l,u,d,f,p,m,h,g,_,v)=>{[o,s]=Xt(u,o,s);let y=c.pxRound,{left:b,width:x}=e.bbox,S=e=>y(p(e,d,_,h)),C=e=>y(m(e,f,v,g)),w=d.ori==0?Zi:Qi,T={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Ri},E=T.stroke,D=d.dir*(d.ori==0?1:-1),O=C(u[D==1?o:s]),k=S(l[D==1?o:s]),ee=k,A=k;i&&t==-1&&(A=b,w(E,A,O)),w(E,k,O);for(let e=D==1?o:s;e>=o&&e<=s;e+=D){let n=u[e];if(n==null)continue;let r=S(l[e]),i=C(n);t==1?w(E,r,O):w(E,ee,i),w(E,r,i),O=i,ee=r}let te=ee;i&&t==1&&(te=b+x,w(E,te,O));let[ne,re]=Vi(e,a);if(c.fill!=null||ne!=0){let t=T.fill=new Path2D(E),n=C(c.fillTo(e,a,c.min,c.max,ne));w(t,te,n),w(t,A,n)}if(!c.spanGaps){let i=[];i.push(...Ki(l,u,o,s,D,S,r));let f=c.width*z/2,p=n||t==1?f:-f,m=n||t==-1?-f:f;i.forEach(e=>{e[0]+=p,e[1]+=m}),T.gaps=i=c.gaps(e,a,o,s,i),T.clip=Wi(i,d.ori,h,g,_,v)}return re!=0&&(T.band=re==2?[Ui(e,a,o,s,E,-1),Ui(e,a,o,s,E,1)]:Ui(e,a,o,s,E,re)),T})}function da(e,t,n,r,i,a,o=W){if(e.length>1){let s=null;for(let c=0,l=1/0;c<e.length;c++)if(t[c]!==void 0){if(s!=null){let t=dn(e[c]-e[s]);t<l&&(l=t,o=dn(n(e[c],r,i,a)-n(e[s],r,i,a)))}s=c}}return o}function fa(e){e||=Bn;let t=V(e.size,[.6,W,1]),n=e.align||0,r=e.gap||0,i=e.radius;i=i==null?[0,0]:typeof i==`number`?[i,0]:i;let a=G(i),o=1-t[0],s=V(t[1],W),c=V(t[2],1),l=V(e.disp,Bn),u=V(e.each,e=>{}),{fill:d,stroke:f}=l;return(e,t,i,p)=>Bi(e,t,(m,h,g,_,v,y,b,x,S,C,w)=>{let T=m.pxRound,E=n,D=r*z,O=s*z,k=c*z,ee,A;_.ori==0?[ee,A]=a(e,t):[A,ee]=a(e,t);let te=_.dir*(_.ori==0?1:-1),ne=_.ori==0?$i:ea,re=_.ori==0?u:(e,t,n,r,i,a,o)=>{u(e,t,n,i,r,o,a)},ie=V(e.bands,Vn).find(e=>e.series[0]==t),ae=ie==null?0:ie.dir,oe=m.fillTo(e,t,m.min,m.max,ae),j=T(b(oe,v,w,S)),M,N,P,F=C,I=T(m.width*z),se=!1,ce=null,le=null,ue=null,de=null;d!=null&&(I==0||f!=null)&&(se=!0,ce=d.values(e,t,i,p),le=new Map,new Set(ce).forEach(e=>{e!=null&&le.set(e,new Path2D)}),I>0&&(ue=f.values(e,t,i,p),de=new Map,new Set(ue).forEach(e=>{e!=null&&de.set(e,new Path2D)})));let{x0:fe,size:pe}=l;if(fe!=null&&pe!=null){E=1,h=fe.values(e,t,i,p),fe.unit==2&&(h=h.map(t=>e.posToVal(x+t*C,_.key,!0)));let n=pe.values(e,t,i,p);N=pe.unit==2?n[0]*C:y(n[0],_,C,x)-y(0,_,C,x),F=da(h,g,y,_,C,x,F),P=F-N+D}else F=da(h,g,y,_,C,x,F),P=F*o+D,N=F-P;P<1&&(P=0),I>=N/2&&(I=0),P<5&&(T=Dn);let me=P>0,he=F-P-(me?I:0);N=T(wn(he,k,O)),M=(E==0?N/2:E==te?0:N)-E*te*((E==0?D/2:0)+(me?I/2:0));let ge={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},_e=se?null:new Path2D,ve=null;if(ie!=null)ve=e.data[ie.series[1]];else{let{y0:n,y1:r}=l;n!=null&&r!=null&&(g=r.values(e,t,i,p),ve=n.values(e,t,i,p))}let ye=ee*N,be=A*N;for(let n=te==1?i:p;n>=i&&n<=p;n+=te){let r=g[n];if(r==null)continue;if(ve!=null){let e=ve[n]??0;if(r-e==0)continue;j=b(e,v,w,S)}let i=y(_.distr!=2||l!=null?h[n]:n,_,C,x),a=b(V(r,oe),v,w,S),o=T(i-M),s=T(gn(a,j)),c=T(hn(a,j)),u=s-c;if(r!=null){let i=r<0?be:ye,a=r<0?ye:be;se?(I>0&&ue[n]!=null&&ne(de.get(ue[n]),o,c+fn(I/2),N,gn(0,u-I),i,a),ce[n]!=null&&ne(le.get(ce[n]),o,c+fn(I/2),N,gn(0,u-I),i,a)):ne(_e,o,c+fn(I/2),N,gn(0,u-I),i,a),re(e,t,n,o-I/2,c,N+I,u)}}return I>0?ge.stroke=se?de:_e:se||(ge._fill=m.width==0?m._fill:m._stroke??m._fill,ge.width=0),ge.fill=se?le:_e,ge})}function pa(e,t){let n=V(t?.alignGaps,0);return(t,r,i,a)=>Bi(t,r,(o,s,c,l,u,d,f,p,m,h,g)=>{[i,a]=Xt(c,i,a);let _=o.pxRound,v=e=>_(d(e,l,h,p)),y=e=>_(f(e,u,g,m)),b,x,S;l.ori==0?(b=Yi,S=Zi,x=ra):(b=Xi,S=Qi,x=ia);let C=l.dir*(l.ori==0?1:-1),w=v(s[C==1?i:a]),T=w,E=[],D=[];for(let e=C==1?i:a;e>=i&&e<=a;e+=C)if(c[e]!=null){let t=s[e],n=v(t);E.push(T=n),D.push(y(c[e]))}let O={stroke:e(E,D,b,S,x,_),fill:null,clip:null,band:null,gaps:null,flags:Ri},k=O.stroke,[ee,A]=Vi(t,r);if(o.fill!=null||ee!=0){let e=O.fill=new Path2D(k),n=y(o.fillTo(t,r,o.min,o.max,ee));S(e,T,n),S(e,w,n)}if(!o.spanGaps){let e=[];e.push(...Ki(s,c,i,a,C,v,n)),O.gaps=e=o.gaps(t,r,i,a,e),O.clip=Wi(e,l.ori,p,m,h,g)}return A!=0&&(O.band=A==2?[Ui(t,r,i,a,k,-1),Ui(t,r,i,a,k,1)]:Ui(t,r,i,a,k,A)),O})}function ma(e){return pa(Q,e)}function Q(e,t,n,r,i,a){let o=e.length;if(o<2)return null;let s=new Path2D;if(n(s,e[0],t[0]),o==2)r(s,e[1],t[1]);else{let n=Array(o),r=Array(o-1),a=Array(o-1),c=Array(o-1);for(let n=0;n<o-1;n++)a[n]=t[n+1]-t[n],c[n]=e[n+1]-e[n],r[n]=a[n]/c[n];n[0]=r[0];for(let e=1;e<o-1;e++)r[e]===0||r[e-1]===0||r[e-1]>0!=r[e]>0?n[e]=0:(n[e]=3*(c[e-1]+c[e])/((2*c[e]+c[e-1])/r[e-1]+(c[e]+2*c[e-1])/r[e]),isFinite(n[e])||(n[e]=0));n[o-1]=r[o-2];for(let r=0;r<o-1;r++)i(s,e[r]+c[r]/3,t[r]+n[r]*c[r]/3,e[r+1]-c[r]/3,t[r+1]-n[r+1]*c[r]/3,e[r+1],t[r+1])}return s}var ha=new Set;function ga(){for(let e of ha)e.syncRect(!0)}Et&&(Wt(xt,Ot,ga),Wt(St,Ot,ga,!0),Wt(wt,Ot,()=>{$.pxRatio=z}));var _a=la(),va=aa();function ya(e,t,n,r){return(r?[e[0],e[1]].concat(e.slice(2)):[e[0]].concat(e.slice(1))).map((e,r)=>xa(e,r,t,n))}function ba(e,t){return e.map((e,n)=>n==0?{}:Qn({},t,e))}function xa(e,t,n,r){return Qn({},t==0?n:r,e)}function Sa(e,t,n){return t==null?Hn:[t,n]}var Ca=Sa;function wa(e,t,n){return t==null?Hn:on(t,n,tn,!0)}function Ta(e,t,n,r){return t==null?Hn:$t(t,n,e.scales[r].log,!1)}var Ea=Ta;function Da(e,t,n,r){return t==null?Hn:en(t,n,e.scales[r].log,!1)}var Oa=Da;function ka(e,t,n,r,i){let a=gn(Cn(e),Cn(t)),o=t-e,s=Kt(i/r*o,n);do{let e=n[s],t=r*e/o;if(t>=i&&a+(e<5?Ln.get(e):0)<=17)return[e,t]}while(++s<n.length);return[0,0]}function Aa(e){let t,n;return e=e.replace(/(\d+)px/,(e,r)=>(t=pn((n=+r)*z))+`px`),[e,t,n]}function ja(e){e.show&&[e.font,e.labelFont].forEach(e=>{let t=K(e[2]*z,1);e[0]=e[0].replace(/[0-9.]+px/,t+`px`),e[1]=t})}function $(e,t,n){let r={mode:V(e.mode,1)},i=r.mode;function a(e,t,n,r){let i=t.valToPct(e);return r+n*(t.dir==-1?1-i:i)}function o(e,t,n,r){let i=t.valToPct(e);return r+n*(t.dir==-1?i:1-i)}function s(e,t,n,r){return t.ori==0?a(e,t,n,r):o(e,t,n,r)}r.valToPosH=a,r.valToPosV=o;let c=!1;r.status=0;let l=r.root=Ft(Ve);if(e.id!=null&&(l.id=e.id),Mt(l,e.class),e.title){let t=Ft(We,l);t.textContent=e.title}let u=Pt(`canvas`),d=r.ctx=u.getContext(`2d`),f=Ft(Ge,l);Wt(`click`,f,e=>{e.target===m&&(J!=Gr||Y!=Yr)&&ei.click(r,e)},!0);let p=r.under=Ft(Ke,f);f.appendChild(u);let m=r.over=Ft(qe,f);e=Zn(e);let h=+V(e.pxAlign,1),g=qi(h);(e.plugins||[]).forEach(t=>{t.opts&&(e=t.opts(r,e)||e)});let _=e.ms||.001,v=r.series=i==1?ya(e.series||[],pi,Mi,!1):ba(e.series||[null],ji),y=r.axes=ya(e.axes||[],ui,Ei,!0),b=r.scales={},x=r.bands=e.bands||[];x.forEach(e=>{e.fill=G(e.fill||null),e.dir=V(e.dir,-1)});let S=i==2?v[1].facets[0].scale:v[0].scale,C={axes:yr,series:sr},w=(e.drawOrder||[`axes`,`series`]).map(e=>C[e]);function T(e){let t=e.distr==3?t=>yn(t>0?t:e.clamp(r,t,e.min,e.max,e.key)):e.distr==4?t=>Sn(t,e.asinh):e.distr==100?t=>e.fwd(t):e=>e;return n=>{let r=t(n),{_min:i,_max:a}=e,o=a-i;return(r-i)/o}}function E(t){let n=b[t];if(n==null){let r=(e.scales||Bn)[t]||Bn;if(r.from!=null){E(r.from);let e=Qn({},b[r.from],r,{key:t});e.valToPct=T(e),b[t]=e}else{n=b[t]=Qn({},t==S?Pi:Fi,r),n.key=t;let e=n.time,a=n.range,o=Un(a);if((t!=S||i==2&&!e)&&(o&&(a[0]==null||a[1]==null)&&(a={min:a[0]==null?nn:{mode:1,hard:a[0],soft:a[0]},max:a[1]==null?nn:{mode:1,hard:a[1],soft:a[1]}},o=!1),!o&&qn(a))){let e=a;a=(t,n,r)=>n==null?Hn:on(n,r,e)}n.range=G(a||(e?Ca:t==S?n.distr==3?Ea:n.distr==4?Oa:Sa:n.distr==3?Ta:n.distr==4?Da:wa)),n.auto=G(!o&&n.auto),n.clamp=G(n.clamp||Ni),n._min=n._max=null,n.valToPct=T(n)}}}E(`x`),E(`y`),i==1&&v.forEach(e=>{E(e.scale)}),y.forEach(e=>{E(e.scale)});for(let t in e.scales)E(t);let D=b[S],O=D.distr,k,ee;D.ori==0?(Mt(l,He),k=a,ee=o):(Mt(l,Ue),k=o,ee=a);let A={};for(let e in b){let t=b[e];(t.min!=null||t.max!=null)&&(A[e]={min:t.min,max:t.max},t.min=t.max=null)}let te=e.tzDate||(e=>new Date(pn(e/_))),ne=e.fmtDate||gr,re=_==1?Rr(te):Vr(te),ie=Ur(te,Hr(_==1?Lr:Br,ne)),ae=Jr(te,Kr(qr,ne)),oe=[],j=r.legend=Qn({},Zr,e.legend),M=r.cursor=Qn({},ni,{drag:{y:i==2}},e.cursor),N=j.show,P=M.show,F=j.markers;j.idxs=oe,F.width=G(F.width),F.dash=G(F.dash),F.stroke=G(F.stroke),F.fill=G(F.fill);let I,se,ce,le=[],ue=[],de,fe=!1,pe={};if(j.live){let e=v[1]?v[1].values:null;fe=e!=null,de=fe?e(r,1,0):{_:0};for(let e in de)pe[e]=Tt}if(N){if(I=Pt(`table`,et,l),ce=Pt(`tbody`,null,I),j.mount(r,I),fe){se=Pt(`thead`,null,I,ce);let e=Pt(`tr`,null,se);for(var me in Pt(`th`,null,e),de)Pt(`th`,at,e).textContent=me}else Mt(I,nt),j.live&&Mt(I,tt)}let he={show:!0},ge={show:!1};function _e(e,t){if(t==0&&(fe||!j.live||i==2))return Hn;let n=[],a=Pt(`tr`,rt,ce,ce.childNodes[t]);Mt(a,e.class),e.show||Mt(a,Ye);let o=Pt(`th`,null,a);if(F.show){let e=Ft(it,o);if(t>0){let n=F.width(r,t);n&&(e.style.border=n+`px `+F.dash(r,t)+` `+F.stroke(r,t)),e.style.background=F.fill(r,t)}}let s=Ft(at,o);for(var c in e.label instanceof HTMLElement?s.appendChild(e.label):s.textContent=e.label,t>0&&(F.show||(s.style.color=e.width>0?F.stroke(r,t):F.fill(r,t)),ye(`click`,o,t=>{if(M._lock)return;Et(t);let n=v.indexOf(e);if((t.ctrlKey||t.metaKey)!=j.isolate){let e=v.some((e,t)=>t>0&&t!=n&&e.show);v.forEach((t,r)=>{r>0&&si(r,e?r==n?he:ge:he,!0,Q.setSeries)})}else si(n,{show:!e.show},!0,Q.setSeries)},!1),jt&&ye(vt,o,t=>{M._lock||(Et(t),si(v.indexOf(e),Oi,!0,Q.setSeries))},!1)),de){let e=Pt(`td`,ot,a);e.textContent=`--`,n.push(e)}return[a,n]}let ve=new Map;function ye(e,t,n,i=!0){let a=ve.get(t)||{},o=M.bind[e](r,t,n,i);o&&(Wt(e,t,a[e]=o),ve.set(t,a))}function be(e,t,n){let r=ve.get(t)||{};for(let n in r)(e==null||n==e)&&(Gt(n,t,r[n]),delete r[n]);e??ve.delete(t)}let xe=0,Se=0,L=0,R=0,Ce=0,we=0,Te=Ce,Ee=we,De=L,Oe=R,ke=0,Ae=0,je=0,Me=0;r.bbox={};let Ne=!1,Pe=!1,Fe=!1,Ie=!1,Le=!1,Re=!1;function ze(e,t,n){(n||e!=r.width||t!=r.height)&&Be(e,t),br(!1),Fe=!0,Pe=!0,Dr()}function Be(e,t){r.width=xe=L=e,r.height=Se=R=t,Ce=we=0,St(),Ct();let n=r.bbox;ke=n.left=Pn(Ce*z,.5),Ae=n.top=Pn(we*z,.5),je=n.width=Pn(L*z,.5),Me=n.height=Pn(R*z,.5)}function pt(){let e=!1,t=0;for(;!e;){t++;let n=_r(t),i=vr(t);e=t==3||n&&i,e||(Be(r.width,r.height),Pe=!0)}}function xt({width:e,height:t}){ze(e,t)}r.setSize=xt;function St(){let e=!1,t=!1,n=!1,r=!1;y.forEach((i,a)=>{if(i.show&&i._show){let{side:a,_size:o}=i,s=a%2,c=o+(i.label==null?0:i.labelSize);c>0&&(s?(L-=c,a==3?(Ce+=c,r=!0):n=!0):(R-=c,a==0?(we+=c,e=!0):t=!0))}}),Xt[0]=e,Xt[1]=n,Xt[2]=t,Xt[3]=r,L-=cn[1]+cn[3],Ce+=cn[3],R-=cn[2]+cn[0],we+=cn[0]}function Ct(){let e=Ce+L,t=we+R,n=Ce,r=we;function i(i,a){switch(i){case 1:return e+=a,e-a;case 2:return t+=a,t-a;case 3:return n-=a,n+a;case 0:return r-=a,r+a}}y.forEach((e,t)=>{if(e.show&&e._show){let t=e.side;e._pos=i(t,e._size),e.label!=null&&(e._lpos=i(t,e.labelSize))}})}if(M.dataIdx==null){let e=M.hover,n=e.skip=new Set(e.skip??[]);n.add(void 0);let r=e.prox=G(e.prox),i=e.bias??=0;M.dataIdx=(e,a,o,s)=>{if(a==0)return o;let c=o,l=r(e,a,o,s)??W,u=l>=0&&l<W,d=D.ori==0?L:R,f=M.left,p=t[0],m=t[a];if(n.has(m[o])){c=null;let e=null,t=null,r;if(i==0||i==-1)for(r=o;e==null&&r-->0;)n.has(m[r])||(e=r);if(i==0||i==1)for(r=o;t==null&&r++<m.length;)n.has(m[r])||(t=r);if(e!=null||t!=null){if(u){let n=e==null?-1/0:k(p[e],D,d,0),r=t==null?1/0:k(p[t],D,d,0),i=f-n,a=r-f;i<=a?i<=l&&(c=e):a<=l&&(c=t)}else c=t==null?e:e==null?t:o-e<=t-o?e:t}}else u&&dn(f-k(p[o],D,d,0))>l&&(c=null);return c}}let Et=e=>{M.event=e};M.idxs=oe,M._lock=!1;let kt=M.points;kt.show=G(kt.show),kt.size=G(kt.size),kt.stroke=G(kt.stroke),kt.width=G(kt.width),kt.fill=G(kt.fill);let At=r.focus=Qn({},e.focus||{alpha:.3},M.focus),jt=At.prox>=0,It=jt&&kt.one,Rt=[],Bt=[],Ht=[];function Ut(e,t){let n=kt.show(r,t);if(n instanceof HTMLElement)return Mt(n,$e),Mt(n,e.class),Lt(n,-10,-10,L,R),m.insertBefore(n,Rt[t]),n}function qt(e,t){if(i==1||t>0){let t=i==1&&b[e.scale].time,n=e.value;e.value=t?Kn(n)?Jr(te,Kr(n,ne)):n||ae:n||Ti,e.label=e.label||(t?fi:di)}if(It||t>0){e.width=e.width==null?1:e.width,e.paths=e.paths||_a||kn,e.fillTo=G(e.fillTo||Hi),e.pxAlign=+V(e.pxAlign,h),e.pxRound=qi(e.pxAlign),e.stroke=G(e.stroke||null),e.fill=G(e.fill||null),e._stroke=e._fill=e._paths=e._focus=null;let t=Di(gn(1,e.width),1),n=e.points=Qn({},{size:t,width:gn(1,t*.2),stroke:e.stroke,space:t*2,paths:va,_stroke:null,_fill:null},e.points);n.show=G(n.show),n.filter=G(n.filter),n.fill=G(n.fill),n.stroke=G(n.stroke),n.paths=G(n.paths),n.pxAlign=e.pxAlign}if(N){let n=_e(e,t);le.splice(t,0,n[0]),ue.splice(t,0,n[1]),j.values.push(null)}if(P){oe.splice(t,0,null);let n=null;It?t==0&&(n=Ut(e,t)):t>0&&(n=Ut(e,t)),Rt.splice(t,0,n),Bt.splice(t,0,0),Ht.splice(t,0,0)}pa(`addSeries`,t)}function Jt(e,t){t??=v.length,e=i==1?xa(e,t,pi,Mi):xa(e,t,{},ji),v.splice(t,0,e),qt(v[t],t)}r.addSeries=Jt;function Yt(e){if(v.splice(e,1),N){j.values.splice(e,1),ue.splice(e,1);let t=le.splice(e,1)[0];be(null,t.firstChild),t.remove()}P&&(oe.splice(e,1),Rt.splice(e,1)[0].remove(),Bt.splice(e,1),Ht.splice(e,1)),pa(`delSeries`,e)}r.delSeries=Yt;let Xt=[!1,!1,!1,!1];function Zt(e,t){if(e._show=e.show,e.show){let n=e.side%2,i=b[e.scale];i??=(e.scale=n?v[1].scale:S,b[e.scale]);let a=i.time;e.size=G(e.size),e.space=G(e.space),e.rotate=G(e.rotate),Un(e.incrs)&&e.incrs.forEach(e=>{!Ln.has(e)&&Ln.set(e,Rn(e))}),e.incrs=G(e.incrs||(i.distr==2?Cr:a?_==1?Ir:zr:wr)),e.splits=G(e.splits||(a&&i.distr==1?re:i.distr==3?gi:i.distr==4?_i:hi)),e.stroke=G(e.stroke),e.grid.stroke=G(e.grid.stroke),e.ticks.stroke=G(e.ticks.stroke),e.border.stroke=G(e.border.stroke);let o=e.values;e.values=Un(o)&&!Un(o[0])?G(o):a?Un(o)?Ur(te,Hr(o,ne)):Kn(o)?Wr(te,o):o||ie:o||mi,e.filter=G(e.filter||(i.distr>=3&&i.log==10?Ci:i.distr==3&&i.log==2?wi:On)),e.font=Aa(e.font),e.labelFont=Aa(e.labelFont),e._size=e.size(r,null,t,0),e._space=e._rotate=e._incrs=e._found=e._splits=e._values=null,e._size>0&&(Xt[t]=!0,e._el=Ft(Je,f))}}function rn(e,t,n,r){let[i,a,o,s]=n,c=t%2,l=0;return c==0&&(s||a)&&(l=t==0&&!i||t==2&&!o?pn(ui.size/3):0),c==1&&(i||o)&&(l=t==1&&!a||t==3&&!s?pn(Ei.size/2):0),l}let an=r.padding=(e.padding||[rn,rn,rn,rn]).map(e=>G(V(e,rn))),cn=r._padding=an.map((e,t)=>e(r,t,Xt,0)),ln,H=null,U=null,fn=i==1?v[0].idxs:null,vn=null,bn=!1;function Cn(e,n){if(t=e??[],r.data=r._data=t,i==2){ln=0;for(let e=1;e<v.length;e++)ln+=t[e][0].length}else{t.length==0&&(r.data=r._data=t=[[]]),vn=t[0],ln=vn.length;let e=t;if(O==2){e=t.slice();let n=e[0]=Array(ln);for(let e=0;e<ln;e++)n[e]=e}r._data=t=e}if(br(!0),pa(`setData`),O==2&&(Fe=!0),n!==!1){let e=D;e.auto(r,bn)?En():oi(S,e.min,e.max),Ie||=M.left>=0,Re=!0,Dr()}}r.setData=Cn;function En(){bn=!0;let e,n;i==1&&(ln>0?(H=fn[0]=0,U=fn[1]=ln-1,e=t[0][H],n=t[0][U],O==2?(e=H,n=U):e==n&&(O==3?[e,n]=$t(e,e,D.log,!1):O==4?[e,n]=en(e,e,D.log,!1):D.time?n=e+pn(86400/_):[e,n]=on(e,n,tn,!0))):(H=fn[0]=e=null,U=fn[1]=n=null)),oi(S,e,n)}let Dn,Mn,Nn,Fn,In,zn,Wn,Yn,Xn,$n;function er(e,t,n,r,i,a){e??=mt,n??=Vn,r??=`butt`,i??=mt,a??=`round`,e!=Dn&&(d.strokeStyle=Dn=e),i!=Mn&&(d.fillStyle=Mn=i),t!=Nn&&(d.lineWidth=Nn=t),a!=In&&(d.lineJoin=In=a),r!=zn&&(d.lineCap=zn=r),n!=Fn&&d.setLineDash(Fn=n)}function tr(e,t,n,r){t!=Mn&&(d.fillStyle=Mn=t),e!=Wn&&(d.font=Wn=e),n!=Yn&&(d.textAlign=Yn=n),r!=Xn&&(d.textBaseline=Xn=r)}function nr(e,t,n,i,a=0){if(i.length>0&&e.auto(r,bn)&&(t==null||t.min==null)){let t=V(H,0),r=V(U,i.length-1),o=n.min==null?Qt(i,t,r,a,e.distr==3):[n.min,n.max];e.min=hn(e.min,n.min=o[0]),e.max=gn(e.max,n.max=o[1])}}let rr={min:null,max:null};function ar(){for(let e in b){let t=b[e];A[e]==null&&(t.min==null||A[S]!=null&&t.auto(r,bn))&&(A[e]=rr)}for(let e in b){let t=b[e];A[e]==null&&t.from!=null&&A[t.from]!=null&&(A[e]=rr)}A[S]!=null&&br(!0);let e={};for(let t in A){let n=A[t];if(n!=null){let a=e[t]=Zn(b[t],Jn);if(n.min!=null)Qn(a,n);else if(t!=S||i==2){if(ln==0&&a.from==null){let e=a.range(r,null,null,t);a.min=e[0],a.max=e[1]}else a.min=W,a.max=-1/0}}}if(ln>0){v.forEach((n,a)=>{if(i==1){let i=n.scale,o=A[i];if(o==null)return;let s=e[i];if(a==0){let e=s.range(r,s.min,s.max,i);s.min=e[0],s.max=e[1],H=Kt(s.min,t[0]),U=Kt(s.max,t[0]),U-H>1&&(t[0][H]<s.min&&H++,t[0][U]>s.max&&U--),n.min=vn[H],n.max=vn[U]}else n.show&&n.auto&&nr(s,o,n,t[a],n.sorted);n.idxs[0]=H,n.idxs[1]=U}else if(a>0&&n.show&&n.auto){let[r,i]=n.facets,o=r.scale,s=i.scale,[c,l]=t[a],u=e[o],d=e[s];u!=null&&nr(u,A[o],r,c,r.sorted),d!=null&&nr(d,A[s],i,l,i.sorted),n.min=i.min,n.max=i.max}});for(let t in e){let n=e[t],i=A[t];if(n.from==null&&(i==null||i.min==null)){let e=n.range(r,n.min==W?null:n.min,n.max==-1/0?null:n.max,t);n.min=e[0],n.max=e[1]}}}for(let t in e){let n=e[t];if(n.from!=null){let i=e[n.from];if(i.min==null)n.min=n.max=null;else{let e=n.range(r,i.min,i.max,t);n.min=e[0],n.max=e[1]}}}let n={},a=!1;for(let t in e){let r=e[t],i=b[t];if(i.min!=r.min||i.max!=r.max){i.min=r.min,i.max=r.max;let e=i.distr;i._min=e==3?yn(i.min):e==4?Sn(i.min,i.asinh):e==100?i.fwd(i.min):i.min,i._max=e==3?yn(i.max):e==4?Sn(i.max,i.asinh):e==100?i.fwd(i.max):i.max,n[t]=a=!0}}if(a){v.forEach((e,t)=>{i==2?t>0&&n.y&&(e._paths=null):n[e.scale]&&(e._paths=null)});for(let e in n)Fe=!0,pa(`setScale`,e);P&&M.left>=0&&(Ie=Re=!0)}for(let e in A)A[e]=null}function or(e){let t=wn(H-1,0,ln-1),n=wn(U+1,0,ln-1);for(;e[t]==null&&t>0;)t--;for(;e[n]==null&&n<ln-1;)n++;return[t,n]}function sr(){if(ln>0){let e=v.some(e=>e._focus)&&$n!=At.alpha;e&&(d.globalAlpha=$n=At.alpha),v.forEach((e,n)=>{if(n>0&&e.show&&(cr(n,!1),cr(n,!0),e._paths==null)){let a=$n;$n!=e.alpha&&(d.globalAlpha=$n=e.alpha);let o=i==2?[0,t[n][0].length-1]:or(t[n]);e._paths=e.paths(r,n,o[0],o[1]),$n!=a&&(d.globalAlpha=$n=a)}}),v.forEach((e,t)=>{if(t>0&&e.show){let n=$n;$n!=e.alpha&&(d.globalAlpha=$n=e.alpha),e._paths!=null&&lr(t,!1);{let n=e._paths==null?null:e._paths.gaps,i=e.points.show(r,t,H,U,n),a=e.points.filter(r,t,i,n);(i||a)&&(e.points._paths=e.points.paths(r,t,H,U,a),lr(t,!0))}$n!=n&&(d.globalAlpha=$n=n),pa(`drawSeries`,t)}}),e&&(d.globalAlpha=$n=1)}}function cr(e,t){let n=t?v[e].points:v[e];n._stroke=n.stroke(r,e),n._fill=n.fill(r,e)}function lr(e,t){let n=t?v[e].points:v[e],{stroke:r,fill:i,clip:a,flags:o,_stroke:s=n._stroke,_fill:c=n._fill,_width:l=n.width}=n._paths;l=K(l*z,3);let u=null,f=l%2/2;t&&c==null&&(c=l>0?`#fff`:s);let p=n.pxAlign==1&&f>0;if(p&&d.translate(f,f),!t){let e=ke-l/2,t=Ae-l/2,n=je+l,r=Me+l;u=new Path2D,u.rect(e,t,n,r)}t?dr(s,l,n.dash,n.cap,c,r,i,o,a):ur(e,s,l,n.dash,n.cap,c,r,i,o,u,a),p&&d.translate(-f,-f)}function ur(e,n,i,a,o,s,c,l,u,d,f){let p=!1;u!=0&&x.forEach((m,h)=>{if(m.series[0]==e){let e=v[m.series[1]],g=t[m.series[1]],_=(e._paths||Bn).band;Un(_)&&(_=m.dir==1?_[0]:_[1]);let y,b=null;e.show&&_&&sn(g,H,U)?(b=m.fill(r,h)||s,y=e._paths.clip):_=null,dr(n,i,a,o,b,c,l,u,d,f,y,_),p=!0}}),p||dr(n,i,a,o,s,c,l,u,d,f)}function dr(e,t,n,r,i,a,o,s,c,l,u,f){er(e,t,n,r,i),(c||l||f)&&(d.save(),c&&d.clip(c),l&&d.clip(l)),f?(s&3)==3?(d.clip(f),u&&d.clip(u),pr(i,o),fr(e,a,t)):s&zi?(pr(i,o),d.clip(f),fr(e,a,t)):s&Ri&&(d.save(),d.clip(f),u&&d.clip(u),pr(i,o),d.restore(),fr(e,a,t)):(pr(i,o),fr(e,a,t)),(c||l||f)&&d.restore()}function fr(e,t,n){n>0&&(t instanceof Map?t.forEach((e,t)=>{d.strokeStyle=Dn=t,d.stroke(e)}):t!=null&&e&&d.stroke(t))}function pr(e,t){t instanceof Map?t.forEach((e,t)=>{d.fillStyle=Mn=t,d.fill(e)}):t!=null&&e&&d.fill(t)}function mr(e,t,n,i){let a=y[e],o;if(i<=0)o=[0,0];else{let s=a._space=a.space(r,e,t,n,i);o=ka(t,n,a._incrs=a.incrs(r,e,t,n,i,s),i,s)}return a._found=o}function hr(e,t,n,r,i,a,o,s,c,l){let u=o%2/2;h==1&&d.translate(u,u),er(s,o,c,l,s),d.beginPath();let f,p,m,g,_=i+(r==0||r==3?-a:a);n==0?(p=i,g=_):(f=i,m=_);for(let r=0;r<e.length;r++)t[r]!=null&&(n==0?f=m=e[r]:p=g=e[r],d.moveTo(f,p),d.lineTo(m,g));d.stroke(),h==1&&d.translate(-u,-u)}function _r(e){let t=!0;return y.forEach((n,i)=>{if(!n.show)return;let a=b[n.scale];if(a.min==null){n._show&&(t=!1,n._show=!1,br(!1));return}n._show||(t=!1,n._show=!0,br(!1));let o=n.side,s=o%2,{min:c,max:l}=a,[u,d]=mr(i,c,l,s==0?L:R);if(d==0)return;let f=a.distr==2,p=n._splits=n.splits(r,i,c,l,u,d,f),m=a.distr==2?p.map(e=>vn[e]):p,h=a.distr==2?vn[p[1]]-vn[p[0]]:u,g=n._values=n.values(r,n.filter(r,m,i,d,h),i,d,h);n._rotate=o==2?n.rotate(r,g,i,d):0;let _=n._size;n._size=mn(n.size(r,g,i,e)),_!=null&&n._size!=_&&(t=!1)}),t}function vr(e){let t=!0;return an.forEach((n,i)=>{let a=n(r,i,Xt,e);a!=cn[i]&&(t=!1),cn[i]=a}),t}function yr(){for(let e=0;e<y.length;e++){let t=y[e];if(!t.show||!t._show)continue;let n=t.side,i=n%2,a,o,c=t.stroke(r,e),l=n==0||n==3?-1:1,[u,f]=t._found;if(t.label!=null){let s=t.labelGap*l,p=pn((t._lpos+s)*z);tr(t.labelFont[0],c,`center`,n==2?lt:ut),d.save(),i==1?(a=o=0,d.translate(p,pn(Ae+Me/2)),d.rotate((n==3?-un:un)/2)):(a=pn(ke+je/2),o=p);let m=Tn(t.label)?t.label(r,e,u,f):t.label;d.fillText(m,a,o),d.restore()}if(f==0)continue;let p=b[t.scale],m=i==0?je:Me,h=i==0?ke:Ae,_=t._splits,v=p.distr==2?_.map(e=>vn[e]):_,x=p.distr==2?vn[_[1]]-vn[_[0]]:u,S=t.ticks,C=t.border,w=S.show?S.size:0,T=pn(w*z),E=pn((t.alignTo==2?t._size-w-t.gap:t.gap)*z),D=t._rotate*-un/180,O=g(t._pos*z),k=O+(T+E)*l;o=i==0?k:0,a=i==1?k:0;let ee=t.font[0];tr(ee,c,t.align==1?dt:t.align==2?ft:D>0?dt:D<0?ft:i==0?`center`:n==3?ft:dt,D||i==1?`middle`:n==2?lt:ut);let A=t.font[1]*t.lineGap,te=_.map(e=>g(s(e,p,m,h))),ne=t._values;for(let e=0;e<ne.length;e++){let t=ne[e];if(t!=null){i==0?a=te[e]:o=te[e],t=``+t;let n=t.indexOf(`
`)==-1?[t]:t.split(/\n/gm);for(let e=0;e<n.length;e++){let t=n[e];D?(d.save(),d.translate(a,o+e*A),d.rotate(D),d.fillText(t,0,0),d.restore()):d.fillText(t,a,o+e*A)}}}S.show&&hr(te,S.filter(r,v,e,f,x),i,n,O,T,K(S.width*z,3),S.stroke(r,e),S.dash,S.cap);let re=t.grid;re.show&&hr(te,re.filter(r,v,e,f,x),i,i==0?2:1,i==0?Ae:ke,i==0?Me:je,K(re.width*z,3),re.stroke(r,e),re.dash,re.cap),C.show&&hr([O],[1],+(i==0),i==0?1:2,i==1?Ae:ke,i==1?Me:je,K(C.width*z,3),C.stroke(r,e),C.dash,C.cap)}pa(`drawAxes`)}function br(e){v.forEach((t,n)=>{n>0&&(t._paths=null,e&&(i==1?(t.min=null,t.max=null):t.facets.forEach(e=>{e.min=null,e.max=null})))})}let xr=!1,Sr=!1,Tr=[];function Er(){Sr=!1;for(let e=0;e<Tr.length;e++)pa(...Tr[e]);Tr.length=0}function Dr(){xr||=(ir(kr),!0)}function Or(e,t=!1){xr=!0,Sr=t,e(r),kr(),t&&Tr.length>0&&queueMicrotask(Er)}r.batch=Or;function kr(){if(Ne&&=(ar(),!1),Fe&&=(pt(),!1),Pe){if(B(p,dt,Ce),B(p,lt,we),B(p,st,L),B(p,ct,R),B(m,dt,Ce),B(m,lt,we),B(m,st,L),B(m,ct,R),B(f,st,xe),B(f,ct,Se),u.width=pn(xe*z),u.height=pn(Se*z),y.forEach(({_el:e,_show:t,_size:n,_pos:r,side:i})=>{if(e!=null){if(t){let t=i===3||i===0?n:0,a=i%2==1;B(e,a?`left`:`top`,r-t),B(e,a?`width`:`height`,n),B(e,a?`top`:`left`,a?we:Ce),B(e,a?`height`:`width`,a?R:L),Nt(e,Ye)}else Mt(e,Ye)}}),Dn=Mn=Nn=In=zn=Wn=Yn=Xn=Fn=null,$n=1,Zi(!0),Ce!=Te||we!=Ee||L!=De||R!=Oe){br(!1);let e=L/De,t=R/Oe;if(P&&!Ie&&M.left>=0){M.left*=e,M.top*=t,Nr&&Lt(Nr,pn(M.left),0,L,R),Pr&&Lt(Pr,0,pn(M.top),L,R);for(let n=0;n<Rt.length;n++){let r=Rt[n];r!=null&&(Bt[n]*=e,Ht[n]*=t,Lt(r,mn(Bt[n]),mn(Ht[n]),L,R))}}if(Z.show&&!Le&&Z.left>=0&&Z.width>0){Z.left*=e,Z.width*=e,Z.top*=t,Z.height*=t;for(let e in ea)B(ri,e,Z[e])}Te=Ce,Ee=we,De=L,Oe=R}pa(`setSize`),Pe=!1}xe>0&&Se>0&&(d.clearRect(0,0,u.width,u.height),pa(`drawClear`),w.forEach(e=>e()),pa(`draw`)),Z.show&&Le&&(ii(Z),Le=!1),P&&Ie&&(Yi(null,!0,!1),Ie=!1),j.show&&j.live&&Re&&(Ki(),Re=!1),c||(c=!0,r.status=1,pa(`ready`)),bn=!1,xr=!1}r.redraw=(e,t)=>{Fe=t||!1,e===!1?Dr():oi(S,D.min,D.max)};function Ar(e,n){let i=b[e];if(i.from==null){if(ln==0){let t=i.range(r,n.min,n.max,e);n.min=t[0],n.max=t[1]}if(n.min>n.max){let e=n.min;n.min=n.max,n.max=e}if(ln>1&&n.min!=null&&n.max!=null&&n.max-n.min<1e-16)return;e==S&&i.distr==2&&ln>0&&(n.min=Kt(n.min,t[0]),n.max=Kt(n.max,t[0]),n.min==n.max&&n.max++),A[e]=n,Ne=!0,Dr()}}r.setScale=Ar;let jr,Mr,Nr,Pr,q,Fr,Gr,Yr,Xr,Qr,J,Y,$r=!1,ei=M.drag,ti=ei.x,X=ei.y;P&&(M.x&&(jr=Ft(Ze,m)),M.y&&(Mr=Ft(Qe,m)),D.ori==0?(Nr=jr,Pr=Mr):(Nr=Mr,Pr=jr),J=M.left,Y=M.top);let Z=r.select=Qn({show:!0,over:!0,left:0,width:0,top:0,height:0},e.select),ri=Z.show?Ft(Xe,Z.over?m:p):null;function ii(e,t){if(Z.show){for(let t in e)Z[t]=e[t],t in ea&&B(ri,t,e[t]);t!==!1&&pa(`setSelect`)}}r.setSelect=ii;function ai(e){if(v[e].show)N&&Nt(le[e],Ye);else if(N&&Mt(le[e],Ye),P){let t=It?Rt[0]:Rt[e];t!=null&&Lt(t,-10,-10,L,R)}}function oi(e,t,n){Ar(e,{min:t,max:n})}function si(e,t,n,a){t.focus!=null&&ki(e),t.show!=null&&v.forEach((n,r)=>{r>0&&(e==r||e==null)&&(n.show=t.show,ai(r),i==2?(oi(n.facets[0].scale,null,null),oi(n.facets[1].scale,null,null)):oi(n.scale,null,null),Dr())}),n!==!1&&pa(`setSeries`,e,t),a&&Ma(`setSeries`,r,e,t)}r.setSeries=si;function ci(e,t){Qn(x[e],t)}function li(e,t){e.fill=G(e.fill||null),e.dir=V(e.dir,-1),t??=x.length,x.splice(t,0,e)}function vi(e){e==null?x.length=0:x.splice(e,1)}r.addBand=li,r.setBand=ci,r.delBand=vi;function yi(e,t){v[e].alpha=t,P&&Rt[e]!=null&&(Rt[e].style.opacity=t),N&&le[e]&&(le[e].style.opacity=t)}let bi,xi,Si,Oi={focus:!0};function ki(e){if(e!=Si){let t=e==null,n=At.alpha!=1;v.forEach((r,a)=>{if(i==1||a>0){let i=t||a==0||a==e;r._focus=t?null:i,n&&yi(a,i?1:At.alpha)}}),Si=e,n&&Dr()}}N&&jt&&ye(yt,I,e=>{M._lock||(Et(e),Si!=null&&si(null,Oi,!0,Q.setSeries))});function Ai(e,t,n){let r=b[t];n&&(e=e/z-(r.ori==1?we:Ce));let i=L;r.ori==1&&(i=R,e=i-e),r.dir==-1&&(e=i-e);let a=r._min,o=r._max,s=e/i,c=a+(o-a)*s,l=r.distr;return l==3?_n(10,c):l==4?xn(c,r.asinh):l==100?r.bwd(c):c}function Ii(e,n){return Kt(Ai(e,S,n),t[0],H,U)}r.valToIdx=e=>Kt(e,t[0]),r.posToIdx=Ii,r.posToVal=Ai,r.valToPos=(e,t,n)=>b[t].ori==0?a(e,b[t],n?je:L,n?ke:0):o(e,b[t],n?Me:R,n?Ae:0),r.setCursor=(e,t,n)=>{J=e.left,Y=e.top,Yi(null,t,n)};function Bi(e,t){B(ri,dt,Z.left=e),B(ri,st,Z.width=t)}function Vi(e,t){B(ri,lt,Z.top=e),B(ri,ct,Z.height=t)}let Ui=D.ori==0?Bi:Vi,Wi=D.ori==1?Bi:Vi;function Gi(){if(N&&j.live)for(let e=+(i==2);e<v.length;e++){if(e==0&&fe)continue;let t=j.values[e],n=0;for(let r in t)ue[e][n++].firstChild.nodeValue=t[r]}}function Ki(e,t){if(e!=null&&(e.idxs?e.idxs.forEach((e,t)=>{oe[t]=e}):Gn(e.idx)||oe.fill(e.idx),j.idx=oe[0]),N&&j.live){for(let e=0;e<v.length;e++)(e>0||i==1&&!fe)&&Ji(e,oe[e]);Gi()}Re=!1,t!==!1&&pa(`setLegend`)}r.setLegend=Ki;function Ji(e,n){let i=v[e],a=e==0&&O==2?vn:t[e],o;fe?o=i.values(r,e,n)??pe:(o=i.value(r,n==null?null:a[n],e,n),o=o==null?pe:{_:o}),j.values[e]=o}function Yi(e,n,a){Xr=J,Qr=Y,[J,Y]=M.move(r,J,Y),M.left=J,M.top=Y,P&&(Nr&&Lt(Nr,pn(J),0,L,R),Pr&&Lt(Pr,0,pn(Y),L,R));let o,s=H>U;bi=W,xi=null;let c=D.ori==0?L:R,l=D.ori==1?L:R;if(J<0||ln==0||s){o=M.idx=null;for(let e=0;e<v.length;e++){let t=Rt[e];t!=null&&Lt(t,-10,-10,L,R)}jt&&si(null,Oi,!0,e==null&&Q.setSeries),j.live&&(oe.fill(o),Re=!0)}else{let e,n,a;i==1&&(e=D.ori==0?J:Y,n=Ai(e,S),o=M.idx=Kt(n,t[0],H,U),a=k(t[0][o],D,c,0));let s=-10,u=-10,d=0,f=0,p=!0,m=``,h=``;for(let e=+(i==2);e<v.length;e++){let g=v[e],_=oe[e],y=_==null?null:i==1?t[e][_]:t[e][1][_],x=M.dataIdx(r,e,o,n),S=x==null?null:i==1?t[e][x]:t[e][1][x];if(Re=Re||S!=y||x!=_,oe[e]=x,e>0&&g.show){let n=x==null?-10:x==o?a:k(i==1?t[0][x]:t[e][0][x],D,c,0),_=S==null?-10:ee(S,i==1?b[g.scale]:b[g.facets[1].scale],l,0);if(jt&&S!=null){let t=D.ori==1?J:Y,n=dn(At.dist(r,e,x,_,t));if(n<bi){let r=At.bias;if(r!=0){let i=Ai(t,g.scale),a=S>=0?1:-1,o=i>=0?1:-1;o==a&&(o==1?r==1?S>=i:S<=i:r==1?S<=i:S>=i)&&(bi=n,xi=e)}else bi=n,xi=e}}if(Re||It){let t,i;D.ori==0?(t=n,i=_):(t=_,i=n);let a,o,c,l,g,v,y=!0,b=kt.bbox;if(b!=null){y=!1;let t=b(r,e);c=t.left,l=t.top,a=t.width,o=t.height}else c=t,l=i,a=o=kt.size(r,e);if(v=kt.fill(r,e),g=kt.stroke(r,e),It)e==xi&&bi<=At.prox&&(s=c,u=l,d=a,f=o,p=y,m=v,h=g);else{let t=Rt[e];t!=null&&(Bt[e]=c,Ht[e]=l,Vt(t,a,o,y),zt(t,v,g),Lt(t,mn(c),mn(l),L,R))}}}}if(It){let e=At.prox;if(Re||(Si==null?bi<=e:bi>e||xi!=Si)){let e=Rt[0];e!=null&&(Bt[0]=s,Ht[0]=u,Vt(e,d,f,p),zt(e,m,h),Lt(e,mn(s),mn(u),L,R))}}}if(Z.show&&$r){if(e!=null){let[t,n]=Q.scales,[r,i]=Q.match,[a,o]=e.cursor.sync.scales,s=e.cursor.drag;if(ti=s._x,X=s._y,ti||X){let{left:s,top:u,width:d,height:f}=e.select,p=e.scales[a].ori,m=e.posToVal,h,g,_,v,y,x=t!=null&&r(t,a),S=n!=null&&i(n,o);x&&ti?(p==0?(h=s,g=d):(h=u,g=f),_=b[t],v=k(m(h,a),_,c,0),y=k(m(h+g,a),_,c,0),Ui(hn(v,y),dn(y-v))):Ui(0,c),S&&X?(p==1?(h=s,g=d):(h=u,g=f),_=b[n],v=ee(m(h,o),_,l,0),y=ee(m(h+g,o),_,l,0),Wi(hn(v,y),dn(y-v))):Wi(0,l)}else ta()}else{let e=dn(Xr-q),t=dn(Qr-Fr);if(D.ori==1){let n=e;e=t,t=n}ti=ei.x&&e>=ei.dist,X=ei.y&&t>=ei.dist;let n=ei.uni;n==null?ei.x&&ei.y&&(ti||X)&&(ti=X=!0):ti&&X&&(ti=e>=n,X=t>=n,!ti&&!X&&(t>e?X=!0:ti=!0));let r,i;ti&&(D.ori==0?(r=Gr,i=J):(r=Yr,i=Y),Ui(hn(r,i),dn(i-r)),X||Wi(0,l)),X&&(D.ori==1?(r=Gr,i=J):(r=Yr,i=Y),Wi(hn(r,i),dn(i-r)),ti||Ui(0,c)),!ti&&!X&&(Ui(0,0),Wi(0,0))}}if(ei._x=ti,ei._y=X,e==null){if(a){if(ga!=null){let[e,t]=Q.scales;Q.values[0]=e==null?null:Ai(D.ori==0?J:Y,e),Q.values[1]=t==null?null:Ai(D.ori==1?J:Y,t)}Ma(ht,r,J,Y,L,R,o)}if(jt){let e=a&&Q.setSeries,t=At.prox;Si==null?bi<=t&&si(xi,Oi,!0,e):bi>t?si(null,Oi,!0,e):xi!=Si&&si(xi,Oi,!0,e)}}Re&&(j.idx=o,Ki()),n!==!1&&pa(`setCursor`)}let Xi=null;Object.defineProperty(r,"rect",{get(){return Xi??Zi(!1),Xi}});function Zi(e=!1){e?Xi=null:(Xi=m.getBoundingClientRect(),pa(`syncRect`,Xi))}function Qi(e,t,n,r,i,a,o){M._lock||$r&&e!=null&&e.movementX==0&&e.movementY==0||($i(e,t,n,r,i,a,o,!1,e!=null),e==null?Yi(t,!0,!1):Yi(null,!0,!0))}function $i(e,t,n,i,a,o,c,l,u){if(Xi??Zi(!1),Et(e),e!=null)n=e.clientX-Xi.left,i=e.clientY-Xi.top;else{if(n<0||i<0){J=-10,Y=-10;return}let[e,r]=Q.scales,c=t.cursor.sync,[l,u]=c.values,[d,f]=c.scales,[p,m]=Q.match,h=t.axes[0].side%2==1,g=D.ori==0?L:R,_=D.ori==1?L:R,v=h?o:a,y=h?a:o,x=h?i:n,S=h?n:i;if(n=d==null?x/v*g:p(e,d)?s(l,b[e],g,0):-10,i=f==null?S/y*_:m(r,f)?s(u,b[r],_,0):-10,D.ori==1){let e=n;n=i,i=e}}u&&(t==null||t.cursor.event.type==ht)&&((n<=1||n>=L-1)&&(n=Pn(n,L)),(i<=1||i>=R-1)&&(i=Pn(i,R))),l?(q=n,Fr=i,[Gr,Yr]=M.move(r,n,i)):(J=n,Y=i)}let ea={width:0,height:0,left:0,top:0};function ta(){ii(ea,!1)}let na,ra,ia,aa;function oa(e,t,n,i,a,o,s){$r=!0,ti=X=ei._x=ei._y=!1,$i(e,t,n,i,a,o,s,!0,!1),e!=null&&(ye(_t,Dt,sa,!1),Ma(gt,r,Gr,Yr,L,R,null));let{left:c,top:l,width:u,height:d}=Z;na=c,ra=l,ia=u,aa=d}function sa(e,t,n,i,a,o,s){$r=ei._x=ei._y=!1,$i(e,t,n,i,a,o,s,!1,!0);let{left:c,top:l,width:u,height:d}=Z,f=u>0||d>0,p=na!=c||ra!=l||ia!=u||aa!=d;if(f&&p&&ii(Z),ei.setScale&&f&&p){let e=c,t=u,n=l,r=d;if(D.ori==1&&(e=l,t=d,n=c,r=u),ti&&oi(S,Ai(e,S),Ai(e+t,S)),X)for(let e in b){let t=b[e];e!=S&&t.from==null&&t.min!=W&&oi(e,Ai(n+r,e),Ai(n,e))}ta()}else M.lock&&(M._lock=!M._lock,Yi(t,!0,e!=null));e!=null&&(be(_t,Dt),Ma(_t,r,J,Y,L,R,null))}function ca(e,t,n,r,i,a,o){if(M._lock)return;Et(e);let s=$r;if($r){let e=!0,t=!0,n,r;D.ori==0?(n=ti,r=X):(n=X,r=ti),n&&r&&(e=J<=10||J>=L-10,t=Y<=10||Y>=R-10),n&&e&&(J=J<Gr?0:L),r&&t&&(Y=Y<Yr?0:R),Yi(null,!0,!0),$r=!1}J=-10,Y=-10,oe.fill(null),Yi(null,!0,!0),s&&($r=s)}function la(e,t,n,i,a,o,s){M._lock||(Et(e),En(),ta(),e!=null&&Ma(bt,r,J,Y,L,R,null))}function ua(){y.forEach(ja),ze(r.width,r.height,!0)}Wt(wt,Ot,ua);let da={};da.mousedown=oa,da.mousemove=Qi,da.mouseup=sa,da.dblclick=la,da.setSeries=(e,t,n,i)=>{let a=Q.match[2];n=a(r,t,n),n!=-1&&si(n,i,!0,!1)},P&&(ye(gt,m,oa),ye(ht,m,Qi),ye(vt,m,e=>{Et(e),Zi(!1)}),ye(yt,m,ca),ye(bt,m,la),ha.add(r),r.syncRect=Zi);let fa=r.hooks=e.hooks||{};function pa(e,t,n){Sr?Tr.push([e,t,n]):e in fa&&fa[e].forEach(e=>{e.call(null,r,t,n)})}(e.plugins||[]).forEach(e=>{for(let t in e.hooks)fa[t]=(fa[t]||[]).concat(e.hooks[t])});let ma=(e,t,n)=>n,Q=Qn({key:null,setSeries:!1,filters:{pub:An,sub:An},scales:[S,v[1]?v[1].scale:null],match:[jn,jn,ma],values:[null,null]},M.sync);Q.match.length==2&&Q.match.push(ma),M.sync=Q;let ga=Q.key,$=Li(ga);function Ma(e,t,n,r,i,a,o){Q.filters.pub(e,t,n,r,i,a,o)&&$.pub(e,t,n,r,i,a,o)}$.sub(r);function Na(e,t,n,r,i,a,o){Q.filters.sub(e,t,n,r,i,a,o)&&da[e](null,t,n,r,i,a,o)}r.pub=Na;function Pa(){$.unsub(r),ha.delete(r),ve.clear(),Gt(wt,Ot,ua),l.remove(),I?.remove(),pa(`destroy`)}r.destroy=Pa;function Fa(){pa(`init`,e,t),Cn(t||e.data,!1),A[S]?Ar(S,A[S]):En(),Le=Z.show&&(Z.width>0||Z.height>0),Ie=Re=!0,ze(e.width,e.height)}return v.forEach(qt),y.forEach(Zt),n?n instanceof HTMLElement?(n.appendChild(l),Fa()):n(r,Fa):Fa(),r}$.assign=Qn,$.fmtNum=H,$.rangeNum=on,$.rangeLog=$t,$.rangeAsinh=en,$.orient=Bi,$.pxRatio=z,$.join=rr,$.fmtDate=gr,$.tzDate=vr,$.sync=Li;{$.addGap=Gi,$.clipGaps=Wi;let e=$.paths={points:aa};e.linear=la,e.stepped=ua,e.bars=fa,e.spline=ma}ae(`
  fragment ChartSeries on Charts {
    granularity
    bookingTrends {
      date
      bookings
      revenue
    }
    patientEngagementTrend {
      date
      activePatients
      newPatients
    }
    automationPerformance {
      date
      efficiencyScore
      automationRate
    }
    visitOutcomeTrend {
      date
      attended
      noShows
      cancellations
    }
    meta {
      ...Meta
    }
  }
`);var Ma=[{id:`bookings-revenue`,title:`Bookings and revenue`,points:e=>e.bookingTrends,series:[{field:`bookings`,label:`Bookings`,format:`count`,style:`bars`,axis:`left`,color:`#2563a8`},{field:`revenue`,label:`Revenue`,format:`money`,style:`line`,axis:`right`,color:`#b4530a`}]},{id:`engagement`,title:`Patient engagement`,points:e=>e.patientEngagementTrend,series:[{field:`activePatients`,label:`Active patients`,format:`count`,style:`line`,axis:`left`,color:`#2563a8`},{field:`newPatients`,label:`New patients`,format:`count`,style:`bars`,axis:`right`,color:`#1f7a4d`}]},{id:`automation`,title:`Automation performance`,points:e=>e.automationPerformance,series:[{field:`efficiencyScore`,label:`Efficiency score`,format:`score`,style:`line`,axis:`left`,color:`#6b3fa0`},{field:`automationRate`,label:`Automation rate`,format:`percent`,style:`line`,axis:`right`,color:`#b4530a`}]},{id:`visit-outcomes`,title:`Visit outcomes`,points:e=>e.visitOutcomeTrend,series:[{field:`attended`,label:`Attended`,format:`count`,style:`bars`,axis:`left`,color:`#1f7a4d`},{field:`noShows`,label:`No-shows`,format:`count`,style:`line`,axis:`left`,color:`#a3271b`},{field:`cancellations`,label:`Cancellations`,format:`count`,style:`line`,axis:`left`,color:`#b4530a`}]}],Na=220,Pa={DAY:`day`,WEEK:`week`,MONTH:`month`},Fa=new Intl.ListFormat(`en`,{type:`conjunction`}),Ia=class{element;plots=new Map;resize=new ResizeObserver(()=>this.fit());constructor(){this.element=g(`section`,{class:`charts`,"aria-labelledby":`charts-title`})}render(e,t,n){let r=new Set([...this.element.querySelectorAll(`figure[data-chart]:has(details[open])`)].map(e=>e.dataset.chart));this.dispose();let i=g(`h2`,{id:`charts-title`,class:`section-title`},`Trends`);if(!e){y(this.element,i,g(`p`,{class:`problem`,role:`status`},t??`Loading the charts…`));return}let a=Ma.map(t=>this.figure(t,e,n));for(let e of a)r.has(e.dataset.chart)&&e.querySelector(`details`)?.setAttribute(`open`,``);y(this.element,i,g(`div`,{class:`chart-grid`},...a))}figure(e,t,n){let r=e.points(t),i=Pa[t.granularity],a=x(`chart`),o=g(`div`,{class:`plot`,role:`img`,"aria-label":`${e.title} per ${i}: ${Fa.format(e.series.map(e=>e.label))}. The table below lists every point.`}),s=g(`figure`,{class:`chart`,"aria-labelledby":a,"data-chart":e.id},g(`figcaption`,{id:a},e.title,g(`span`,{class:`per`},` per ${i}`)),La(e.series),o,Ra(e,r,n)),c=new $(Ba(e,n),za(e,r),o);return this.plots.set(e.id,c),this.resize.observe(o),s}fit(){for(let e of this.plots.values()){let t=e.root.parentElement?.clientWidth??0;t>0&&Math.abs(t-e.width)>1&&e.setSize({width:t,height:Na})}}dispose(){this.resize.disconnect();for(let e of this.plots.values())e.destroy();this.plots.clear()}};function La(e){return g(`ul`,{class:`key`},...e.map(e=>{let t=g(`span`,{class:`swatch ${e.style}`,"aria-hidden":`true`});return t.style.backgroundColor=e.color,g(`li`,null,t,e.label)}))}function Ra(e,t,n){return g(`details`,{class:`series-table`},g(`summary`,null,`Table of ${e.title.toLowerCase()}`),g(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`${e.title} table`},g(`table`,null,g(`caption`,{class:`visually-hidden`},e.title),g(`thead`,null,g(`tr`,null,g(`th`,{scope:`col`},`Date`),...e.series.map(e=>g(`th`,{scope:`col`},e.label)))),g(`tbody`,null,...t.map(t=>g(`tr`,null,g(`th`,{scope:`row`},n.day(t.date)),...e.series.map(e=>g(`td`,null,n.figure(e.format,t[e.field])))))))))}function za(e,t){return[t.map(e=>ge(e.date).getTime()/1e3),...e.series.map(e=>t.map(t=>t[e.field]))]}function Ba(e,t){let n=e.series.find(e=>e.axis===`left`),r=e.series.find(e=>e.axis===`right`),i=$.paths.bars({size:[.6,48]});return{width:320,height:Na,legend:{show:!1},cursor:{drag:{x:!1,y:!1}},tzDate:e=>$.tzDate(new Date(e*1e3),`Etc/UTC`),scales:{x:{time:!0},left:{range:(e,t,n)=>[0,Va(n)]},right:{range:(e,t,n)=>[0,Va(n)]}},axes:[{values:(e,n)=>n.map(e=>t.day(new Date(e*1e3).toISOString().slice(0,10),!0))},{scale:`left`,values:(e,r)=>r.map(e=>t.tick(n?.format??`count`,e)),size:56},...r?[{scale:`right`,side:1,grid:{show:!1},values:(e,n)=>n.map(e=>t.tick(r.format,e)),size:64}]:[]],series:[{},...e.series.map(e=>({label:e.label,scale:e.axis,stroke:e.color,width:2,fill:e.style===`bars`?`${e.color}99`:void 0,paths:e.style===`bars`?i:void 0,points:{show:!1}}))]}}function Va(e){if(!e||e<=0)return 1;let t=10**Math.floor(Math.log10(e));return Math.ceil(e*1.1/t)*t}var Ha=class{handlers;element;clinic;window;compare;from;to;range;constructor(e,t,n,r){this.handlers=r,this.clinic=g(`select`,{id:`clinic`,"data-control":`organization`},...e.map(e=>g(`option`,{value:e.id,selected:e.id===t.id},e.name))),this.window=g(`select`,{id:`window`,"data-control":`window`},...Wa(n.value)),this.compare=g(`select`,{id:`compare`,"data-control":`compare`},...we.map(([e,t])=>g(`option`,{value:e,selected:e===n.compareTo},t)));let i=n.range?.to??Me(t.timezone);this.from=g(`input`,{id:`from`,type:`date`,"data-control":`range-from`,value:n.range?.from??Ga(i),required:!0}),this.to=g(`input`,{id:`to`,type:`date`,"data-control":`range-to`,value:i,required:!0}),this.range=g(`div`,{class:`range`,hidden:n.value!==L},Ua(`from`,`From`,this.from),Ua(`to`,`To`,this.to));let a=g(`button`,{type:`button`,class:`quiet`,"data-control":`sign-out`},`Sign out`);this.element=g(`form`,{class:`controls`,"aria-label":`Dashboard settings`},Ua(`clinic`,`Clinic`,this.clinic),Ua(`window`,`Window`,this.window),Ua(`compare`,`Compared with`,this.compare),this.range,a),this.element.addEventListener(`submit`,e=>e.preventDefault()),this.clinic.addEventListener(`change`,()=>r.clinic(this.clinic.value));for(let e of[this.window,this.compare,this.from,this.to])e.addEventListener(`change`,()=>this.windowChanged());a.addEventListener(`click`,()=>r.signOut())}choice(){let e=this.window.value,t=this.compare.value;if(e!==`RANGE`)return{value:e,compareTo:t};let n=this.from.value,r=this.to.value;return!n||!r||n>r?null:{value:e,compareTo:t,range:{from:n,to:r}}}windowChanged(){this.range.hidden=this.window.value!==L;let e=this.choice();this.to.setCustomValidity(e?``:`The last day must not be before the first.`),e&&this.handlers.window(e)}};function Ua(e,t,n){return g(`div`,{class:`field`},g(`label`,{for:e},t),n)}function Wa(e){return[`Rolling`,`Calendar`,`Custom`].map(t=>g(`optgroup`,{label:t===`Rolling`?`Rolling windows`:t===`Calendar`?`Calendar periods`:`Custom`},...Ce.filter(e=>e.group===t).map(t=>g(`option`,{value:t.value,selected:t.value===e},t.label))))}function Ga(e){let t=new Date(`${e}T00:00:00Z`);return t.setUTCDate(t.getUTCDate()-29),t.toISOString().slice(0,10)}var Ka={REAL_TIME:0,CACHED:1,STALE:2},qa=class{element=g(`p`,{class:`freshness`,role:`status`,"data-freshness":`REAL_TIME`});render(e,t,n){let r=e.reduce((e,t)=>e===null||Ka[t.freshness]>Ka[e.freshness]?t:e,null),i=e.reduce((e,t)=>e===null||t.computedAt<e?t.computedAt:e,null),a=r?.freshness??`REAL_TIME`,o,s=null;t?(a=`STALE`,o=`Stale`,s=t):a===`STALE`?(o=`Stale`,s=r?.staleReason??`The last figures computed are shown.`):a===`CACHED`?(o=`Cached`,s=i&&n?`computed ${n.instant(i)}`:null):o=`Live`,this.element.dataset.freshness=a,this.element.className=`freshness ${a.toLowerCase()}`,y(this.element,g(`span`,{class:`dot`,"aria-hidden":`true`}),g(`strong`,null,o),s?g(`span`,null,`: ${s}`):null)}},Ja={MANUAL:`Reception`,ONLINE:`Online`,AI_AGENT:`AI receptionist`,AUTOMATION:`Automation`},Ya=class{turn;element=g(`section`,{class:`upcoming`,"aria-labelledby":`upcoming-title`});cursors=[null];refocus=null;constructor(e){this.turn=e}get after(){return this.cursors[this.cursors.length-1]??null}reset(){this.cursors=[null]}render(e,t,n){let r=g(`h2`,{id:`upcoming-title`,class:`section-title`},`Upcoming appointments`);if(!e){let e=t[0]?.message??`Loading the appointments…`;y(this.element,r,g(`p`,{class:`problem`,role:`status`},e));return}let i=(this.cursors.length-1)*10+1,a=e.nodes.length?`${i}–${i+e.nodes.length-1} of `:``;y(this.element,r,g(`p`,{class:`span`},`Booked in the next 7 days: `,a,g(`span`,{"data-metric":`upcomingAppointments.totalCount`},n.figure(`count`,e.totalCount))),g(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`Upcoming appointments table`},g(`table`,null,g(`thead`,null,g(`tr`,null,...[`Starts`,`Appointment type`,`Practitioner`,`Booked by`].map(e=>g(`th`,{scope:`col`},e)))),g(`tbody`,null,...e.nodes.length?e.nodes.map(e=>g(`tr`,null,g(`td`,null,n.instant(e.startsAt)),g(`td`,null,e.appointmentType??`—`),g(`td`,null,e.practitionerId??`—`),g(`td`,null,Ja[e.source]))):[g(`tr`,null,g(`td`,{colspan:4},`Nothing booked in the next 7 days.`))]))),g(`div`,{class:`pager`},this.button(`Previous page`,`upcoming-previous`,this.cursors.length>1,()=>this.cursors.pop()),this.button(`Next page`,`upcoming-next`,e.pageInfo.hasNextPage,()=>{this.cursors.push(e.pageInfo.endCursor??null)}))),this.refocus&&=((this.element.querySelector(`[data-control="${this.refocus}"]:not([disabled])`)??this.element.querySelector(`.table-scroll`))?.focus(),null)}button(e,t,n,r){let i=g(`button`,{type:`button`,"data-control":t,disabled:!n},e);return i.addEventListener(`click`,()=>{r(),this.refocus=t,this.turn()}),i}},Xa=pe.flatMap(e=>e.change?.from===`comparison`?[e.change.group]:[]),Za=[`summary`,`reengagement`],Qa=5e3,$a=`clinic-analytics:ready`,eo=class{root;token;clinics;signIn;clinic;choice;format;data={};errors={};compared={};unreachable=null;problem=null;sequence=0;shownSequence={};generation=0;stopLive=null;retry;badge=new qa;liveStatus=g(`p`,{class:`live`,role:`status`},`Connecting live updates…`);caption=g(`p`,{class:`window-caption`});problemLine=g(`p`,{class:`problem banner`,role:`alert`,hidden:!0});cards=g(`div`,{class:`cards`});charts=new Ia;breakdown=new Fe(()=>void this.load([`BREAKDOWN`],!0));upcoming=new Ya(()=>void this.load([`UPCOMING_APPOINTMENTS`],!1));constructor(e,t,n,r,i,a){this.root=e,this.token=t,this.clinics=n,this.signIn=a,this.clinic=r,this.choice=i,this.format=new he(r.currency,r.timezone)}start(){let e=new Ha(this.clinics,this.clinic,this.choice,{clinic:e=>this.switchClinic(e),window:e=>this.switchWindow(e),signOut:()=>this.signIn(`You signed out.`)});y(this.root,g(`header`,{class:`top`},g(`h1`,null,`Clinic dashboard`),e.element,g(`div`,{class:`status`},this.badge.element,this.liveStatus)),g(`main`,{id:`main`},this.caption,this.problemLine,g(`h2`,{class:`visually-hidden`},`Key figures`),this.cards,this.charts.element,this.breakdown.element,this.upcoming.element)),this.render(`all`),this.subscribe(),this.load(`all`,!0)}stop(){this.stopLive?.(),this.stopLive=null,window.clearTimeout(this.retry)}get credentials(){return{token:this.token,organizationId:this.clinic.id}}switchClinic(e){let t=this.clinics.find(t=>t.id===e);t&&(p(e),this.clinic=t,this.format=new he(t.currency,t.timezone),this.forget(Object.keys(be(`all`))),this.upcoming.reset(),this.subscribe(),this.load(`all`,!0))}switchWindow(e){this.choice=e,h(e.value);let t=be(ye);this.forget(Object.keys(t).filter(e=>t[e])),this.compared={},this.load(ye,!0)}forget(e){this.generation+=1;for(let t of e)delete this.data[t],delete this.errors[t];this.compared={},this.unreachable=null,this.problem=null,this.render(`all`)}subscribe(){this.stopLive?.(),this.stopLive=N(this.credentials,{changed:e=>void this.load(e,!1),status:e=>{this.liveStatus.textContent=e?`Live updates on`:`Live updates paused: reconnecting…`},refused:(e,t)=>{e===`unauthorized`&&this.signIn(`Live updates were refused: ${t}`)}})}async load(e,t){let r=this.generation,i=++this.sequence,a=be(e);t&&(document.body.dataset.state=`loading`),window.clearTimeout(this.retry);try{let e=await n(this.credentials,j,{org:this.clinic.id,window:Te(this.choice),compareTo:this.choice.compareTo,granularity:De(this.choice),by:this.breakdown.by,pageSize:10,after:this.upcoming.after,...a});if(r!==this.generation)return;let t=this.take(e.data.organization,e.errors,a,i);if(await this.compare(t,r),r!==this.generation)return;this.unreachable=null,this.problem=null,this.render(t),to()}catch(t){if(r!==this.generation)return;this.failed(t,e)}}take(e,t,n,r){let i=[];for(let a of Object.keys(n))!n[a]||(this.shownSequence[a]??0)>r||(this.shownSequence[a]=r,this.data[a]=e[a]??null,this.errors[a]=t.filter(e=>e.path?.[1]===a),i.push(a));return i}async compare(e,t){let r=this.data.bookingMetrics?.meta,i=t=>e.includes(t)||!(t in this.compared);if(!r?.comparisonStart||!r.comparisonEnd||!Xa.some(i))return;let a=Ae(this.choice,{start:r.comparisonStart,end:r.comparisonEnd},this.clinic.timezone),o=Object.fromEntries(Xa.map(e=>[e,i(e)])),s=await n(this.credentials,me,{org:this.clinic.id,...a,...o});if(t===this.generation)for(let e of Object.keys(s.data.organization))this.compared[e]=s.data.organization[e]}failed(e,n){if(!(e instanceof t))throw e;if(e.kind===`unauthorized`)this.signIn(`Please sign in again: ${e.message}`);else{if(e.kind===`forbidden`)this.problem=`${this.clinic.name} is not granted to this credential: ${e.message}`;else if(e.kind===`unreachable`)this.unreachable=`${e.message} Showing the last figures; retrying.`,this.retry=window.setTimeout(()=>void this.load(n,!1),Qa);else if(e.kind===`limited`){let t=document.body.dataset.state===`loading`;this.retry=window.setTimeout(()=>void this.load(n,t),(e.retryAfterSeconds??1)*1e3);return}else this.problem=e.message;this.render([]),Object.values(this.data).some(e=>e!=null)?to():document.body.dataset.state=`error`}}render(e){let t=t=>e===`all`||e.includes(t),n=this.data.bookingMetrics?.meta,r=n?.comparisonStart&&n.comparisonEnd?this.format.span(n.comparisonStart,n.comparisonEnd):void 0,i=n?.comparisonEnd?this.format.instant(n.comparisonEnd):void 0;if(y(this.caption,n?`${this.clinic.name}: ${this.format.span(n.windowStart,n.windowEnd)}`:`${this.clinic.name}: loading…`,r?`, compared with ${r}`:null),this.problemLine.hidden=this.problem===null,this.problemLine.textContent=this.problem??``,y(this.cards,...pe.map(e=>{let t=e.key,n=e.change,a=n?.from===`comparison`?this.compared[n.group]:void 0;return Ie(e,{data:this.data[t],errors:this.errors[t]??[],compared:a?.[e.headline.field]??null,comparedWith:Za.includes(e.key)?i:r},this.format)})),t(`charts`)){let e=this.errors.charts?.[0]?.message??null;this.charts.render(this.data.charts,e,this.format)}t(`breakdown`)&&this.breakdown.render(this.data.breakdown,this.errors.breakdown??[],this.format),t(`upcomingAppointments`)&&this.upcoming.render(this.data.upcomingAppointments,this.errors.upcomingAppointments??[],this.format),this.badge.render(this.served(),this.unreachable,this.format)}served(){return Object.values(this.data).flatMap(e=>{let t=e?.meta;return t?[t]:[]})}};function to(){document.body.dataset.state=`ready`,performance.getEntriesByName($a).length===0&&performance.mark($a)}function no(e,t,n){let r=g(`input`,{id:`token`,name:`token`,type:`password`,autocomplete:`off`,spellcheck:`false`,required:!0,"data-control":`token`,"aria-describedby":`token-help`}),i=g(`form`,{class:`signin`,"data-view":`signin`,"aria-labelledby":`signin-title`},g(`h1`,{id:`signin-title`},`Sign in to the clinic dashboard`),t?g(`p`,{class:`problem`,role:`alert`},t):null,g(`label`,{for:`token`},`Bearer token or API key`),r,g(`p`,{id:`token-help`,class:`help`},`Paste a token from your identity provider or an API key (cak_…). It is kept in this tab only, until you sign out or close it.`),g(`button`,{type:`submit`},`Sign in`));i.addEventListener(`submit`,e=>{e.preventDefault(),r.value.trim()&&(u(r.value),n())}),e.replaceChildren(i),document.body.dataset.state=`signin`,r.focus()}var ro=document.getElementById(`app`),io=null;function ao(e){io?.stop(),io=null,d(),no(ro,e,()=>void oo())}async function oo(){let e=l();if(!e){ao(null);return}document.body.dataset.state=`loading`,y(ro,g(`p`,{class:`loading`,role:`status`},`Loading your clinics…`));let r;try{r=(await n({token:e},oe,{})).data.organizations}catch(e){if(e instanceof t&&e.kind===`unauthorized`){ao(`The credential was refused: ${e.message}`);return}so(e instanceof Error?e.message:String(e));return}if(r.length===0){so(`This credential grants no clinic.`);return}let i=r.find(e=>e.id===f())??r[0],a=m(),o={value:Ee(a)&&a!==`RANGE`?a:R,compareTo:`PREVIOUS_PERIOD`};io=new eo(ro,e,r,i,o,ao),io.start()}function so(e){let t=g(`button`,{type:`button`},`Try again`);t.addEventListener(`click`,()=>void oo());let n=g(`button`,{type:`button`,class:`quiet`},`Sign in with another credential`);n.addEventListener(`click`,()=>ao(null)),y(ro,g(`div`,{class:`signin`},g(`h1`,null,`Clinic dashboard`),g(`p`,{class:`problem`,role:`alert`},e),t,n)),document.body.dataset.state=`error`}c(),oo();