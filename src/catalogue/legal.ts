import type { TFunction } from 'i18next';

/**
 * The law behind each refusal and each appeal, as data. An article is written only where a public
 * text of the law was read and gives it (`SOURCES` says which); where none did, the article is left
 * out and the basis is to be confirmed by the Service. Nothing here is the Service's own word until
 * it confirms it: an appeal rule says so in `confirmedByService`.
 */

/** The laws cited; their names are in `decisions:laws.<id>`. */
export type LawId = 'migrationCode' | 'citizenshipLaw' | 'administrativeProcedureCode' | 'serviceInMigrationBodies';

/** Where an article was read: a public text of the law, named so that anyone can read it again. */
export const SOURCES = {
  migrationCodeText: {
    title: 'Migration Code of the Republic of Azerbaijan (Law No. 713-IVQ of 2 July 2013), consolidated Azerbaijani text as published on e-qanun.az',
    where: 'github.com/mzffreyvazov/rag-pipeline-eqanun, docling_converter/mecelleler-md/-Azərbaycan Respublikasının Miqrasiya Məcəlləsi.md, commit 9a2f549',
  },
  administrativeProcedureCodeText: {
    title: 'Administrative Procedure Code of the Republic of Azerbaijan, consolidated Azerbaijani text as published on e-qanun.az',
    where: 'github.com/mzffreyvazov/rag-pipeline-eqanun, docling_converter/mecelleler-md/-Azərbaycan Respublikasının İnzibati Prosessual Məcəlləsi.md, commit 9a2f549',
  },
  citizenshipLawAmendments: {
    title: 'Laws amending the Law on Citizenship of the Republic of Azerbaijan (of 30 September 2015 on Articles 15 and 17; of 1 February 2018 on Article 14), as published on legalacts.az',
    where: 'legalacts.az/az/news/3897 and legalacts.az/az/news/8624',
  },
} as const;

type SourceId = keyof typeof SOURCES;

/** A legal basis: a law, and the article (with its paragraph, as the law numbers them) where a source gives it. */
export interface LegalBasis {
  law: LawId;
  /** As the law numbers it ('50.1.2'); absent while the Service has to confirm which article applies. */
  article?: string;
  /** Where the article was read; present exactly when the article is. */
  source?: SourceId;
}

export const migrationCode = (article: string): LegalBasis => ({ law: 'migrationCode', article, source: 'migrationCodeText' });
export const citizenshipLaw = (article: string): LegalBasis => ({ law: 'citizenshipLaw', article, source: 'citizenshipLawAmendments' });
/** A law known to govern the decision, whose article no public source we read gives: the Service is to confirm it. */
export const toConfirm = (law: LawId): LegalBasis => ({ law });

/** Who hears an appeal against a refusal; the words are in `decisions:appeal.to.<id>`. */
type AppealBody = 'administrativeCourt';

export interface AppealRule {
  to: AppealBody;
  /** Days from the day the applicant is told of the refusal in writing. */
  days: number;
  basis: LegalBasis;
  /** Whether the Service has confirmed that this is the rule it tells applicants of this service. */
  confirmedByService: boolean;
}

/**
 * A refusal is a refusal to adopt the act applied for: a claim to compel it may be brought within
 * 30 days of the day the refusal was given in writing (Administrative Procedure Code, 38.2). The
 * Migration Code says the same route exists for permanent residence (56: administrative and/or court
 * complaint) and names no period of its own. Until the Service confirms it for each service, it is
 * marked as not confirmed.
 */
export const COURT_WITHIN_30_DAYS: AppealRule = {
  to: 'administrativeCourt',
  days: 30,
  basis: { law: 'administrativeProcedureCode', article: '38.2', source: 'administrativeProcedureCodeText' },
  confirmedByService: false,
};

/** A basis as the applicant reads it: the law, and its article where known. */
export function basisText(t: TFunction, basis: LegalBasis): string {
  const law = t(`decisions:laws.${basis.law}`);
  if (!basis.article) return law;
  return t(basis.article.includes(',') ? 'decisions:basis.articles' : 'decisions:basis.article', { law, article: basis.article });
}

/** The sentence a refusal ends with: to whom, and within how many days, an appeal can be made. */
export function appealText(t: TFunction, rule: AppealRule): string {
  return t('decisions:appeal.sentence', { to: t(`decisions:appeal.to.${rule.to}`), count: rule.days, basis: basisText(t, rule.basis) });
}
