import { Module } from '@nestjs/common';
import { AuthResolver } from './auth.resolver.js';

/** Sign-in, sign-out and the caller's own account (authentication and access checks are the core module's). */
@Module({ providers: [AuthResolver] })
export class AuthModule {}
