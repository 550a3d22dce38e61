export * from './contact-privacy.service';
export * from './personal-data-holder';
export * from './privacy.module';
export * from './retention.service';
