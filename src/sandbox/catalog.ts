/**
 * The fixed product catalogue of the sandbox org: license products and roles (the name pools users
 * are drawn from are in names.ts). Modelled on Genesys Cloud's public product names; the permission strings follow
 * the real `domain:entity:action` form. Nothing here is random — data.ts draws from it with the seed.
 */

export interface LicenseSpec {
  id: string;
  description: string;
  /** Permissions this license grants itself; what it comprises grants the rest. */
  permissions: string[];
  /** Licenses that must be held (directly or through a comprising license) before this one. */
  prerequisites?: string[];
  /** Licenses included in this one; served as nested definitions. */
  comprises?: string[];
}

export const LICENSE_SPECS: readonly LicenseSpec[] = [
  {
    id: 'communicate',
    description: 'Genesys Cloud Communicate: business calling, voicemail and presence',
    permissions: ['conversation:communication:view', 'conversation:call:add', 'voicemail:voicemail:view'],
  },
  {
    id: 'collaborate',
    description: 'Genesys Cloud Collaborate: chat, video meetings and the company directory',
    permissions: ['chat:chat:view', 'chat:room:add', 'conversation:videoconference:add', 'directory:organization:view'],
  },
  {
    id: 'collaboratePro',
    description: 'Genesys Cloud Collaborate Pro: Collaborate plus group rooms and document sharing',
    permissions: ['chat:room:admin', 'content:management:view'],
    comprises: ['collaborate'],
  },
  {
    id: 'cloudCX1',
    description: 'Genesys Cloud CX 1: inbound and outbound voice contact center',
    permissions: [
      'routing:queue:view',
      'routing:agent:onqueue',
      'conversation:call:accept',
      'analytics:queueObservation:view',
      'scripter:script:view',
      'externalContacts:contact:view',
    ],
    comprises: ['communicate', 'collaborate'],
  },
  {
    id: 'cloudCX2',
    description: 'Genesys Cloud CX 2: CX 1 plus digital channels, outbound campaigns, recording and quality',
    permissions: [
      'conversation:webchat:accept',
      'conversation:email:accept',
      'conversation:message:accept',
      'outbound:campaign:view',
      'recording:recording:view',
      'quality:evaluation:view',
    ],
    comprises: ['cloudCX1'],
  },
  {
    id: 'cloudCX3',
    description: 'Genesys Cloud CX 3: CX 2 plus workforce engagement and conversation analytics',
    permissions: ['analytics:conversationDetail:view', 'recording:screenRecording:view'],
    comprises: ['cloudCX2', 'wem1'],
  },
  {
    id: 'cloudCX4',
    description: 'Genesys Cloud CX 4: CX 3 plus predictive engagement, speech and text analytics and WEM 2',
    permissions: ['journey:actiontarget:view'],
    comprises: ['cloudCX3', 'wem2', 'speechAndTextAnalytics', 'predictiveEngagement'],
  },
  {
    id: 'cloudCX1Digital',
    description: 'Genesys Cloud CX 1 Digital: digital-only contact center (chat, messaging, email)',
    permissions: ['routing:queue:view', 'conversation:webchat:accept', 'conversation:message:accept', 'conversation:email:accept'],
    comprises: ['collaborate'],
  },
  {
    id: 'cloudCX2Digital',
    description: 'Genesys Cloud CX 2 Digital: CX 1 Digital plus quality management for digital interactions',
    permissions: ['quality:evaluation:view', 'recording:recording:view'],
    comprises: ['cloudCX1Digital'],
  },
  {
    id: 'cloudCX3Digital',
    description: 'Genesys Cloud CX 3 Digital: CX 2 Digital plus workforce engagement',
    permissions: ['analytics:conversationDetail:view'],
    comprises: ['cloudCX2Digital', 'wem1'],
  },
  {
    id: 'cloudCXDigitalUpgrade',
    description: 'Digital upgrade for Genesys Cloud CX 1 voice agents',
    permissions: ['conversation:webchat:accept', 'conversation:message:accept'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'wem1',
    description: 'Workforce Engagement Management I: scheduling, forecasting and adherence',
    permissions: ['wfm:schedule:view', 'wfm:forecast:view', 'wfm:agentSchedule:view', 'wfm:historicalAdherence:view'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'wem2',
    description: 'Workforce Engagement Management II: WEM I plus calibration, coaching and learning',
    permissions: ['quality:calibration:view', 'coaching:appointment:view', 'learning:module:view'],
    prerequisites: ['cloudCX1'],
    comprises: ['wem1'],
  },
  {
    id: 'wem3',
    description: 'Workforce Engagement Management III: WEM II plus gamification and performance management',
    permissions: ['gamification:scorecard:view', 'employeePerformance:personalProfile:view'],
    prerequisites: ['cloudCX1'],
    comprises: ['wem2'],
  },
  {
    id: 'workforceEngagement',
    description: 'Workforce Engagement add-on for digital-only agents',
    permissions: ['wfm:schedule:view', 'wfm:agentSchedule:view'],
    prerequisites: ['cloudCX1Digital'],
  },
  {
    id: 'speechAndTextAnalytics',
    description: 'Speech and Text Analytics: transcription, topic spotting and sentiment',
    permissions: ['speechAndTextAnalytics:topic:view', 'speechAndTextAnalytics:program:view', 'recording:transcript:view'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'predictiveEngagement',
    description: 'Predictive Engagement: web visitor journeys, action maps and outcomes',
    permissions: ['journey:session:view', 'journey:actionmap:view', 'journey:outcome:view'],
    prerequisites: ['cloudCX2'],
  },
  {
    id: 'botFlows',
    description: 'Genesys Dialog Engine Bot Flows: natural-language bots in Architect',
    permissions: ['architect:flow:view', 'languageUnderstanding:nluDomain:view'],
  },
  {
    id: 'virtualAgent',
    description: 'Genesys Virtual Agent: generative AI self-service on top of bot flows',
    permissions: ['conversation:virtualAgent:view'],
    prerequisites: ['cloudCX2'],
    comprises: ['botFlows'],
  },
  {
    id: 'agentCopilot',
    description: 'Genesys Agent Copilot: real-time assistance, summaries and wrap-up codes',
    permissions: ['assistants:assistant:view', 'conversation:summary:view'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'knowledge',
    description: 'Genesys Cloud Knowledge: knowledge bases and article search for agents',
    permissions: ['knowledge:knowledgebase:view', 'knowledge:document:view'],
  },
  {
    id: 'genesysCloudVoice',
    description: 'Genesys Cloud Voice: carrier-grade telephony provided by Genesys',
    permissions: ['telephony:phone:view', 'telephony:did:view'],
    prerequisites: ['communicate'],
  },
  {
    id: 'byocCloud',
    description: 'Bring Your Own Carrier, Cloud: your carrier connected over SIP to Genesys Cloud',
    permissions: ['telephony:trunk:view', 'telephony:sipTrunk:view'],
    prerequisites: ['communicate'],
  },
  {
    id: 'byocPremises',
    description: 'Bring Your Own Carrier, Premises: Edge devices in your own data center',
    permissions: ['telephony:edge:view', 'telephony:trunk:view'],
    prerequisites: ['communicate'],
  },
  {
    id: 'customerJourneyAnalytics',
    description: 'Customer Journey Analytics: cross-channel journey paths and flows',
    permissions: ['journey:journeyView:view', 'analytics:journeyPath:view'],
    prerequisites: ['cloudCX2'],
  },
  {
    id: 'workitems',
    description: 'Workitems: route back-office tasks to agents like conversations',
    permissions: ['workitems:workitem:view', 'workitems:worktype:view'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'aiExperience',
    description: 'Genesys Cloud AI Experience: token-based access to AI features',
    permissions: ['aiStudio:guide:view', 'languageUnderstanding:miner:view'],
  },
  {
    id: 'outboundDialer',
    description: 'Outbound dialer add-on: predictive, progressive and preview dialing',
    permissions: ['outbound:contactList:view', 'outbound:dnclist:view'],
    prerequisites: ['cloudCX1'],
  },
  {
    id: 'extendedRecordingRetention',
    description: 'Extended retention of interaction recordings beyond 18 months',
    permissions: ['recording:retentionPolicy:view'],
    prerequisites: ['communicate'],
  },
  {
    id: 'employeeEngagement',
    description: 'Employee Engagement: recognition, surveys and agent well-being',
    permissions: ['employeeEngagement:survey:view', 'employeeEngagement:recognition:view'],
  },
];

/** Licenses a user starts from (each user holds one, unless unlicensed), with how common each is. */
export const BASE_LICENSES: readonly { weight: number; value: string }[] = [
  { weight: 10, value: 'communicate' },
  { weight: 5, value: 'collaborate' },
  { weight: 3, value: 'collaboratePro' },
  { weight: 22, value: 'cloudCX1' },
  { weight: 22, value: 'cloudCX2' },
  { weight: 13, value: 'cloudCX3' },
  { weight: 5, value: 'cloudCX4' },
  { weight: 8, value: 'cloudCX1Digital' },
  { weight: 5, value: 'cloudCX2Digital' },
  { weight: 2, value: 'cloudCX3Digital' },
];

/** Licenses sold on top of a base license; a user only gets one whose prerequisites they meet. */
export const ADD_ON_LICENSES: readonly string[] = [
  'cloudCXDigitalUpgrade',
  'wem1',
  'wem2',
  'wem3',
  'workforceEngagement',
  'speechAndTextAnalytics',
  'predictiveEngagement',
  'botFlows',
  'virtualAgent',
  'agentCopilot',
  'knowledge',
  'genesysCloudVoice',
  'byocCloud',
  'byocPremises',
  'customerJourneyAnalytics',
  'workitems',
  'aiExperience',
  'outboundDialer',
  'extendedRecordingRetention',
  'employeeEngagement',
];

export const PERMISSION = {
  licenseView: 'authorization:license:view',
  grantAdd: 'authorization:grant:add',
  userView: 'directory:user:view',
  roleView: 'authorization:role:view',
  grantView: 'authorization:grant:view',
} as const;

export interface RoleSpec {
  name: string;
  description: string;
  permissions: string[];
}

export const ROLE_SPECS: readonly RoleSpec[] = [
  {
    name: 'employee',
    description: 'Default role for every person in the organization',
    permissions: ['directory:organization:view', 'chat:chat:view', 'conversation:communication:view'],
  },
  {
    name: 'Master Admin',
    description: 'Full administrative access',
    permissions: [
      PERMISSION.licenseView,
      PERMISSION.grantAdd,
      PERMISSION.userView,
      PERMISSION.roleView,
      PERMISSION.grantView,
      'routing:queue:view',
      'telephony:trunk:view',
    ],
  },
  {
    name: 'Communicate - User',
    description: 'Business calling and voicemail',
    permissions: ['conversation:call:add', 'voicemail:voicemail:view'],
  },
  {
    name: 'Collaborate - User',
    description: 'Chat rooms and video meetings',
    permissions: ['chat:room:add', 'conversation:videoconference:add'],
  },
  {
    name: 'Agent',
    description: 'Answers voice interactions from queues',
    permissions: ['routing:agent:onqueue', 'conversation:call:accept', 'scripter:script:view'],
  },
  {
    name: 'Digital Agent',
    description: 'Answers chat, messaging and email interactions',
    permissions: ['conversation:webchat:accept', 'conversation:message:accept', 'conversation:email:accept'],
  },
  {
    name: 'Supervisor',
    description: 'Monitors queues and agents',
    permissions: ['analytics:queueObservation:view', 'analytics:conversationDetail:view', 'routing:queue:view'],
  },
  {
    name: 'Quality Evaluator',
    description: 'Evaluates recorded interactions',
    permissions: ['quality:evaluation:view', 'quality:calibration:view', 'recording:recording:view'],
  },
  {
    name: 'Workforce Manager',
    description: 'Forecasts volume and schedules agents',
    permissions: ['wfm:schedule:view', 'wfm:forecast:view', 'wfm:historicalAdherence:view'],
  },
  {
    name: 'Outbound Admin',
    description: 'Runs outbound campaigns and contact lists',
    permissions: ['outbound:campaign:view', 'outbound:contactList:view', 'outbound:dnclist:view'],
  },
  {
    name: 'Speech and Text Analyst',
    description: 'Configures topics and reviews transcripts',
    permissions: ['speechAndTextAnalytics:topic:view', 'speechAndTextAnalytics:program:view', 'recording:transcript:view'],
  },
  {
    name: 'Journey Designer',
    description: 'Builds action maps for web visitors',
    permissions: ['journey:session:view', 'journey:actionmap:view', 'journey:outcome:view'],
  },
  {
    name: 'Bot Designer',
    description: 'Builds bot flows and natural-language domains',
    permissions: ['architect:flow:view', 'languageUnderstanding:nluDomain:view'],
  },
  {
    name: 'Knowledge Author',
    description: 'Writes knowledge articles',
    permissions: ['knowledge:knowledgebase:view', 'knowledge:document:view'],
  },
  {
    name: 'License Administrator',
    description: 'Reviews and assigns licenses',
    permissions: [PERMISSION.licenseView, PERMISSION.grantAdd, PERMISSION.userView, PERMISSION.roleView],
  },
  {
    name: 'License Auditor',
    description: 'Reviews license assignments without changing them',
    permissions: [PERMISSION.licenseView, PERMISSION.userView, PERMISSION.roleView],
  },
];

/** The role a holder of a license typically also has (besides `employee`). */
export const ROLE_FOR_LICENSE: Readonly<Record<string, string>> = {
  communicate: 'Communicate - User',
  collaborate: 'Collaborate - User',
  collaboratePro: 'Collaborate - User',
  cloudCX1: 'Agent',
  cloudCX2: 'Agent',
  cloudCX3: 'Agent',
  cloudCX4: 'Agent',
  cloudCX1Digital: 'Digital Agent',
  cloudCX2Digital: 'Digital Agent',
  cloudCX3Digital: 'Digital Agent',
  cloudCXDigitalUpgrade: 'Digital Agent',
  wem1: 'Workforce Manager',
  wem2: 'Quality Evaluator',
  speechAndTextAnalytics: 'Speech and Text Analyst',
  predictiveEngagement: 'Journey Designer',
  botFlows: 'Bot Designer',
  knowledge: 'Knowledge Author',
  outboundDialer: 'Outbound Admin',
};

/** Roles some users get regardless of their licenses, with the share of users that get each. */
export const OCCASIONAL_ROLES: readonly { role: string; share: number }[] = [
  { role: 'Supervisor', share: 0.08 },
  { role: 'License Auditor', share: 0.01 },
  { role: 'License Administrator', share: 0.005 },
  { role: 'Master Admin', share: 0.002 },
];
