import type { Response } from 'supertest';
import { registrationSteps, type RegistrationApplicant } from '../fixtures/services.js';
import type { Agent } from './html.js';
import { answerSteps, type StepAnswer } from './journey.js';

export const SERVICE = 'registration-at-place-of-stay';
export const APPLY = `/services/${SERVICE}/apply`;

export type ApplicantType = RegistrationApplicant;

/** The text answers of each step, by step id (documents are files: see registrationSteps). */
export function validAnswers(applicantType: ApplicantType, overrides: Record<string, Record<string, string>> = {}): Record<string, Record<string, string>> {
  return Object.fromEntries(registrationSteps(applicantType, overrides).map((step) => [step.step, step.fields ?? {}]));
}

export function pathFor(applicantType: ApplicantType): string[] {
  return registrationSteps(applicantType).map((step) => step.step);
}

export function stepsFor(applicantType: ApplicantType, overrides: Record<string, Record<string, string>> = {}): StepAnswer[] {
  return registrationSteps(applicantType, overrides);
}

/** Answers every step, documents included; returns the last response (a redirect to the task list). */
export async function answerAll(agent: Agent, applicantType: ApplicantType, overrides: Record<string, Record<string, string>> = {}, query = ''): Promise<Response> {
  return answerSteps(agent, SERVICE, registrationSteps(applicantType, overrides), query);
}

/** The clock the journey tests run at: 24 November 2026, noon in Baku. */
export const FIXED_NOW = new Date('2026-11-24T08:00:00Z');
export const fixedClock = () => FIXED_NOW;
